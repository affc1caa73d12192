//! The month's upload file: one row per person on the month's ratified
//! visits (and finalised ones when asked), each file written whole and
//! never over an existing one.

use std::path::{Path, PathBuf};

use super::*;
use crate::domain::stage::programmes_concerned;
use crate::formats::verval_export::{UploadRow, upload_csv, upload_file_name, upload_xlsx};

/// The rows of a month's upload file and what was left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UploadFile {
    pub rows: Vec<UploadRow>,
    /// Rows written per stage (disahkan, and finalisasi when asked).
    pub written: Vec<(Stage, usize)>,
    /// Person rows of the month's visits left out, per stage: not ratified
    /// yet (or finalised without being asked for).
    pub left_out: Vec<(Stage, usize)>,
}

/// What writing the upload file did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UploadReport {
    pub files: Vec<PathBuf>,
    pub written: Vec<(Stage, usize)>,
    pub left_out: Vec<(Stage, usize)>,
}

fn count(list: &mut Vec<(Stage, usize)>, stage: Stage, n: usize) {
    match list.iter_mut().find(|(s, _)| *s == stage) {
        Some((_, c)) => *c += n,
        None => list.push((stage, n)),
    }
}

impl Service {
    /// One row per person on the visits of a month (`YYYY-MM`, any
    /// programme) that are ratified, or also finalised with
    /// `with_finalised`, in visit order; the other visits are counted in
    /// `left_out`. Codes, not labels, so the upload reads them back.
    pub fn verval_upload(&self, month: &str, with_finalised: bool) -> Result<UploadFile> {
        let m = month.trim();
        let ok = m.len() == 7
            && m.as_bytes()[4] == b'-'
            && NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
        if !ok {
            return Err(Refusal::NotAMonth { text: month.to_string() }.into());
        }
        let suffix = format!("-{m}");
        let mut out = UploadFile::default();
        let mut records: Vec<VisitRecord> =
            self.all_records()?.into_iter().filter(|r| r.verification.period.ends_with(&suffix)).collect();
        records.sort_by_key(|r| r.verification.visit_id);
        for rec in records {
            let v = &rec.verification;
            let form = self.load_form(v.visit_id)?;
            let take = v.stage == Stage::Ratified || (with_finalised && v.stage == Stage::Finalised);
            if !take {
                count(&mut out.left_out, v.stage, form.members.len());
                continue;
            }
            count(&mut out.written, v.stage, form.members.len());
            let (letter_number, letter_date) = match &v.letter {
                Some(l) => (l.number.clone(), l.date.format("%Y-%m-%d").to_string()),
                None => (String::new(), String::new()),
            };
            for e in &form.members {
                let mut reasons: Vec<&str> = e.not_eligible.iter().map(|r| r.code()).collect();
                if let Some(u) = e.update_reason {
                    reasons.push(u.code());
                }
                let registered =
                    e.registered_nik.as_deref().and_then(|n| form.registered.members.iter().find(|p| p.nik == n));
                let programmes = programmes_concerned(e, registered, &rec.applied);
                out.rows.push(UploadRow {
                    nik: e.fields.nik.trim().to_string(),
                    no_kk: form.no_kk.clone(),
                    nama: e.fields.name.trim().to_string(),
                    kelurahan: form.kelurahan.clone(),
                    rw: form.rw.clone(),
                    rt: form.rt.clone(),
                    temuan: e.finding.map(|f| f.code().to_string()).unwrap_or_default(),
                    alasan: reasons.join(";"),
                    program: programmes.iter().map(|p| p.code()).collect::<Vec<_>>().join(";"),
                    tahap: v.stage.code().to_string(),
                    nomor_surat: letter_number.clone(),
                    tanggal_surat: letter_date.clone(),
                });
            }
        }
        for list in [&mut out.written, &mut out.left_out] {
            list.sort_by_key(|(s, _)| Stage::ALL.iter().position(|x| x == s));
        }
        Ok(out)
    }

    /// Writes the month's upload file into `dir` (made when missing) as
    /// `verval-<month>.csv`, and `.xlsx` with `xlsx`. Writes no file when no
    /// row qualifies. Never overwrites: when either file exists, nothing is
    /// written. Each file goes to a temporary name and is renamed, so it is
    /// whole or absent.
    pub fn write_verval_upload(
        &self,
        month: &str,
        dir: &Path,
        xlsx: bool,
        with_finalised: bool,
    ) -> Result<UploadReport> {
        let up = self.verval_upload(month, with_finalised)?;
        let mut report = UploadReport { files: Vec::new(), written: up.written, left_out: up.left_out };
        // A path that is a file is refused even when there is nothing to write.
        std::fs::create_dir_all(dir).map_err(|e| ServiceError::io(dir, e))?;
        if up.rows.is_empty() {
            return Ok(report);
        }
        let m = month.trim();
        let mut targets = vec![(dir.join(upload_file_name(m, false)), false)];
        if xlsx {
            targets.push((dir.join(upload_file_name(m, true)), true));
        }
        for (p, _) in &targets {
            if p.exists() {
                return Err(Refusal::WouldOverwrite { path: p.clone() }.into());
            }
        }
        let mut files = Vec::new();
        for (p, is_xlsx) in &targets {
            files.push((p, if *is_xlsx { upload_xlsx(p, &up.rows)? } else { upload_csv(&up.rows) }));
        }
        for (p, bytes) in files {
            write_new(p, &bytes)?;
            report.files.push(p.clone());
        }
        Ok(report)
    }
}

/// Writes whole or not at all, and never over an existing file.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::formats::atomic::write_new(path, bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Refusal::WouldOverwrite { path: path.to_path_buf() }.into(),
        _ => ServiceError::io(path, e),
    })
}
