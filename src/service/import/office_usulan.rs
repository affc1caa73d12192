//! SIKS-NG proposals (its upload template) as usulan, its Dukcapil matching
//! result as each usulan's padan status, and the template written back for
//! the Ministry.

use std::collections::BTreeMap;

use super::office::OfficeReport;
use super::*;
use crate::domain::model::Address;
use crate::domain::usulan::{ProposedPerson, Target, Usulan, UsulanKind};
use crate::domain::wilayah::{Level, Wilayah};
use crate::domain::{Programme, Source as Origin};
use crate::formats::office::{Field, OfficeProblem, OfficeTable, Scheme, schemes};
use crate::formats::problem::CellProblem;
use crate::formats::value::{self, Cell};
use crate::store::{kinds, record_id};

/// The matching result SIKS-NG returned for a proposal (record kind
/// [`kinds::USULAN_PADAN`], keyed by usulan id).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Padan {
    pub program: String,
    pub hasil: String,
    /// The match status as SIKS-NG writes it (PADAN, TIDAK PADAN…).
    pub padan: String,
    pub name: String,
    pub note: String,
}

/// The SIKS-NG template's header row, as the Ministry's upload reads it.
pub const SIKS_USULAN_HEADER: [&str; 21] = [
    "NIK",
    "PROGRAM BANSOS",
    "NOKK",
    "NAMA",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR (31/01/2000)",
    "IBU KANDUNG",
    "JENIS KELAMIN",
    "JENIS PEKERJAAN",
    "STATUS KAWIN",
    "ALAMAT",
    "RT",
    "RW",
    "PROVINSI",
    "KABUPATEN",
    "KECAMATAN",
    "KELURAHAN",
    "STATUS DISABILITAS",
    "KODE JENIS DISABILITAS",
    "STATUS HAMIL",
    "TGL MULAI HAMIL (31/12/2021)",
];

fn office(p: OfficeProblem) -> RowProblem {
    RowProblem::Office(Box::new(p))
}

/// The kelurahan a row names: by code, or by its name under the kecamatan,
/// kabupaten and province names given.
fn place(t: &OfficeTable, row: &[Cell], w: &Wilayah) -> std::result::Result<String, RowProblem> {
    let kel = t.text(row, Field::KelName);
    if kel.is_empty() {
        return Err(RowProblem::cell(t.name_of(Field::KelName), CellProblem::Empty));
    }
    if kel.chars().all(|c| c.is_ascii_digit() || c == '.')
        && let Ok(code) = value::region_code(&Cell::Text(kel.clone()))
        && w.is_kelurahan(&code)
    {
        return Ok(code);
    }
    let same = |a: &str, b: &str| {
        let f = |s: &str| {
            let s = format!(" {} ", s.to_lowercase())
                .replace(" dki ", " daerah khusus ibukota ")
                .replace(" adm. ", " administrasi ")
                .replace(" kab. ", " kabupaten ");
            s.replace("kabupaten", "").replace("kota administrasi", "").replace("kota", "")
        };
        f(a).split_whitespace().eq(f(b).split_whitespace())
    };
    let wanted = [(Field::KecName, 1usize), (Field::KabName, 2), (Field::ProvName, 3)];
    let hits: Vec<String> = w
        .all(Level::Kelurahan)
        .into_iter()
        .filter(|r| same(&r.name, &kel))
        .filter(|r| {
            let path = w.path(&r.code);
            wanted.iter().all(|(f, up)| {
                let given = t.text(row, *f);
                given.is_empty() || path.len() > *up && same(&path[path.len() - 1 - up].name, &given)
            })
        })
        .map(|r| r.code.clone())
        .collect();
    match hits.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(office(OfficeProblem::UnknownPlace { name: kel })),
    }
}

/// One proposal row read.
#[derive(Clone)]
struct ProposalRow {
    nik: String,
    no_kk: String,
    person: ProposedPerson,
    address: Address,
    programme: Option<Programme>,
}

/// A coded cell of `f` read with `read`: None when blank.
fn read_coded<T>(
    t: &OfficeTable,
    row: &[Cell],
    f: Field,
    read: fn(&str) -> Option<T>,
) -> std::result::Result<Option<T>, RowProblem> {
    let text = t.text(row, f);
    if text.is_empty() {
        return Ok(None);
    }
    read(&text).map(Some).ok_or_else(|| {
        let codes = t.scheme_of(f).map(|s| s.codes()).unwrap_or_default();
        RowProblem::cell(t.name_of(f), CellProblem::NotOneOf { value: text, codes })
    })
}

fn proposal_row(t: &OfficeTable, row: &[Cell], w: &Wilayah) -> std::result::Result<ProposalRow, RowProblem> {
    let id = |f: Field| value::number16(t.cell(row, f)).map_err(|e| RowProblem::cell(t.name_of(f), e));
    let nik = id(Field::Nik)?;
    let no_kk = id(Field::NoKk)?;
    let programme = read_coded(t, row, Field::Programme, schemes::programme)?;
    let sex = {
        let text = t.text(row, Field::Sex);
        if text.is_empty() {
            None
        } else {
            Some(schemes::sex(&text).ok_or_else(|| {
                RowProblem::cell(
                    t.name_of(Field::Sex),
                    CellProblem::NotOneOf { value: text, codes: "1 (L), 2 (P)".into() },
                )
            })?)
        }
    };
    let marital = {
        let text = t.text(row, Field::Marital);
        if text.is_empty() {
            None
        } else {
            Some(schemes::marital(&text).ok_or_else(|| {
                RowProblem::cell(t.name_of(Field::Marital), CellProblem::NotOneOf { value: text, codes: "1–4".into() })
            })?)
        }
    };
    let birth = t.cell(row, Field::BirthDate);
    let birth_date = if birth.is_blank() {
        None
    } else {
        Some(value::date_in(birth, false).map_err(|e| RowProblem::cell(t.name_of(Field::BirthDate), e))?)
    };
    let small = |f: Field| -> std::result::Result<u16, RowProblem> {
        let c = t.cell(row, f);
        if c.is_blank() { Ok(0) } else { value::small_number(c, 999).map_err(|e| RowProblem::cell(t.name_of(f), e)) }
    };
    let address = Address {
        kelurahan: place(t, row, w)?,
        rw: small(Field::Rw)?,
        rt: small(Field::Rt)?,
        street: t.text(row, Field::Street),
    };
    let occupation = read_coded(t, row, Field::Occupation, schemes::occupation_siak)?;
    let kind = t.text(row, Field::Disability);
    let status = t.text(row, Field::DisabilityStatus);
    let said = read_coded(t, row, Field::DisabilityStatus, schemes::yes_no)?;
    let disability = if kind.is_empty() {
        None
    } else {
        schemes::disability(Scheme::DisabilitySiks, &kind).flatten().map(Some).ok_or_else(|| {
            RowProblem::cell(
                t.name_of(Field::Disability),
                CellProblem::NotOneOf { value: kind.clone(), codes: Scheme::DisabilitySiks.codes() },
            )
        })?
    };
    if (said == Some(true) && disability.is_none()) || (said == Some(false) && disability.is_some()) {
        return Err(office(OfficeProblem::DisabilityUnclear { status, kind }));
    }
    let pregnancy = super::office::pregnancy_of(t, row, None)?;
    if pregnancy.is_some() && sex == Some(crate::domain::Sex::Male) {
        return Err(office(OfficeProblem::PregnantMale { column: t.name_of(Field::Pregnant) }));
    }
    let person = ProposedPerson {
        nik: nik.clone(),
        name: t.text(row, Field::Name),
        birthplace: t.text(row, Field::Birthplace),
        birth_date,
        sex,
        mother_name: t.text(row, Field::MotherName),
        relationship: None,
        marital,
        occupation,
        disability,
        pregnancy,
    };
    Ok(ProposalRow { nik, no_kk, person, address, programme })
}

/// A NIK's proposal rows: the first read, the programmes of all, their cells.
type Gathered = (ProposalRow, Vec<Programme>, Vec<(u64, Vec<String>)>);

/// Whether two proposals ask the same thing (ids and who entered them aside).
fn same_proposal(a: &Usulan, b: &Usulan) -> bool {
    a.kind == b.kind
        && a.source == b.source
        && a.target == b.target
        && a.no_kk == b.no_kk
        && a.address == b.address
        && a.persons == b.persons
        && a.programmes == b.programmes
}

/// `stored` with the work, disability and pregnancy `read` gives, when
/// `stored` was recorded without them (by a dtks that did not read those
/// columns) and is otherwise the same proposal.
fn completed(stored: &Usulan, read: &Usulan) -> Option<Usulan> {
    let bare = |u: &Usulan| {
        let mut u = u.clone();
        for p in &mut u.persons {
            (p.occupation, p.disability, p.pregnancy) = (None, None, None);
        }
        u
    };
    let lacks =
        stored.persons.iter().all(|p| p.occupation.is_none() && p.disability.is_none() && p.pregnancy.is_none());
    let adds = read.persons.iter().any(|p| p.occupation.is_some() || p.disability.is_some() || p.pregnancy.is_some());
    (lacks && adds && same_proposal(&bare(stored), &bare(read)))
        .then(|| Usulan { persons: read.persons.clone(), ..stored.clone() })
}

impl Service {
    fn reject_rows(
        &self,
        t: &OfficeTable,
        rejects: &mut RejectsWriter,
        rows: &[(u64, Vec<String>)],
        problem: &RowProblem,
        report: &mut ImportReport,
    ) -> Result<()> {
        for (line, raw) in rows {
            let e = RowError {
                file: t.path.clone(),
                sheet: t.sheet.clone(),
                line: *line,
                problem: problem.clone(),
                raw: raw.clone(),
            };
            report.rejected += 1;
            rejects.write(&e)?;
            report.warn(ImportWarning::Rejected(e));
        }
        Ok(())
    }

    /// SIKS-NG proposal rows: one usulan per NIK (its rows' programmes
    /// together), of the kind its programmes and the register call for.
    pub(super) fn import_siks_usulan(
        &self,
        t: &OfficeTable,
        actor: &Actor,
        lang: Lang,
        report: &mut ImportReport,
    ) -> Result<()> {
        let mut rep = OfficeReport::of_table(t);
        if !report.files.contains(&t.path) {
            report.files.push(t.path.clone());
        }
        let w = self.wilayah();
        let mut rejects =
            RejectsWriter::new(RejectsWriter::path_for(&t.path, t.sheet.as_deref()), &t.header, t.delimiter, lang);
        // NIK → the proposal its rows make, and the rows.
        let mut by_nik: BTreeMap<String, Gathered> = BTreeMap::new();
        let mut order = Vec::new();
        for (line, row) in &t.rows {
            let raw: Vec<String> = row.iter().map(Cell::display).collect();
            match proposal_row(t, row, &w) {
                Ok(p) => {
                    let entry = by_nik.entry(p.nik.clone()).or_insert_with(|| {
                        order.push(p.nik.clone());
                        (ProposalRow { programme: None, ..p.clone() }, Vec::new(), Vec::new())
                    });
                    if let Some(pr) = p.programme
                        && !entry.1.contains(&pr)
                    {
                        entry.1.push(pr);
                    }
                    entry.2.push((*line, raw));
                }
                Err(problem) => self.reject_rows(t, &mut rejects, &[(*line, raw)], &problem, report)?,
            }
        }
        let existing: Vec<Usulan> =
            self.store().scan_records::<Usulan>(kinds::USULAN)?.into_iter().map(|(_, u)| u).collect();
        for nik in order {
            let Some((p, mut programmes, rows)) = by_nik.remove(&nik) else { continue };
            programmes.sort();
            let in_register = !self.store().kks_by_nik(&nik)?.is_empty();
            let kind = match (programmes.is_empty(), in_register) {
                (true, true) => {
                    self.reject_rows(t, &mut rejects, &rows, &office(OfficeProblem::NothingToPropose { nik }), report)?;
                    continue;
                }
                (true, false) => UsulanKind::Entry,
                (false, true) => UsulanKind::Assistance,
                (false, false) => UsulanKind::EntryWithAssistance,
            };
            let u = Usulan {
                id: 0,
                kind,
                source: Origin::Regional,
                target: Target::Person { nik: nik.clone() },
                no_kk: p.no_kk,
                address: p.address,
                persons: vec![p.person],
                programmes,
                entered_by: String::new(),
                entered_at: self.now(),
                submitted: self.today(),
                verification: None,
            };
            if existing.iter().any(|e| same_proposal(e, &u)) {
                rep.usulan_unchanged += 1;
                report.unchanged += 1;
                continue;
            }
            if let Some(full) = existing.iter().find_map(|e| completed(e, &u)) {
                let mut r = crate::store::RecordPuts::new();
                r.put(kinds::USULAN, &record_id(full.id), &full)?;
                self.store().write_records(r, &self.audit(actor, format!("usulan.details {}", full.id)))?;
                rep.usulan_unchanged += 1;
                report.unchanged += 1;
                continue;
            }
            match self.add_usulan(u, actor) {
                Ok(_) => rep.usulan_new += 1,
                Err(ServiceError::Refused(Refusal::UsulanNotRecorded { problems, .. })) => {
                    self.reject_rows(t, &mut rejects, &rows, &office(OfficeProblem::Usulan(problems)), report)?;
                }
                Err(e) => return Err(e),
            }
        }
        if let Some(p) = rejects.finish()? {
            report.rejects_files.push(p);
        }
        report.office.push(rep);
        Ok(())
    }

    /// SIKS-NG's Dukcapil matching result: each row's status kept with the
    /// latest proposal for its NIK (and programme, where it names one).
    pub(super) fn import_siks_padan(&self, t: &OfficeTable, lang: Lang, report: &mut ImportReport) -> Result<()> {
        let mut rep = OfficeReport::of_table(t);
        if !report.files.contains(&t.path) {
            report.files.push(t.path.clone());
        }
        let mut rejects =
            RejectsWriter::new(RejectsWriter::path_for(&t.path, t.sheet.as_deref()), &t.header, t.delimiter, lang);
        let all: Vec<Usulan> =
            self.store().scan_records::<Usulan>(kinds::USULAN)?.into_iter().map(|(_, u)| u).collect();
        for (line, row) in &t.rows {
            let raw: Vec<String> = row.iter().map(Cell::display).collect();
            let nik = match value::number16(t.cell(row, Field::Nik)) {
                Ok(n) => n,
                Err(e) => {
                    self.reject_rows(t, &mut rejects, &[(*line, raw)], &RowProblem::cell("NIK", e), report)?;
                    continue;
                }
            };
            let program = t.text(row, Field::PadanProgram);
            let wanted = schemes::programme(&program);
            let names =
                |u: &Usulan| u.persons.iter().any(|p| p.nik == nik) || u.target == Target::Person { nik: nik.clone() };
            let found = all
                .iter()
                .filter(|u| names(u) && wanted.is_none_or(|p| u.programmes.is_empty() || u.programmes.contains(&p)))
                .max_by_key(|u| u.id);
            let Some(u) = found else {
                self.reject_rows(
                    t,
                    &mut rejects,
                    &[(*line, raw)],
                    &office(OfficeProblem::NoUsulanForNik { nik }),
                    report,
                )?;
                continue;
            };
            let padan = Padan {
                program,
                hasil: t.text(row, Field::PadanHasil),
                padan: t.text(row, Field::PadanStatus),
                name: t.text(row, Field::PadanName),
                note: t.text(row, Field::PadanNote),
            };
            let id = record_id(u.id);
            if self.store().get_record::<Padan>(kinds::USULAN_PADAN, &id)?.as_ref() == Some(&padan) {
                rep.padan_unchanged += 1;
                report.unchanged += 1;
            } else {
                self.store().put_record(kinds::USULAN_PADAN, &id, &padan)?;
                rep.padan_updated += 1;
            }
        }
        if let Some(p) = rejects.finish()? {
            report.rejects_files.push(p);
        }
        report.office.push(rep);
        Ok(())
    }

    /// The matching result SIKS-NG returned for a proposal, if imported.
    pub fn usulan_padan(&self, id: u64) -> Result<Option<Padan>> {
        Ok(self.store().get_record(kinds::USULAN_PADAN, &record_id(id))?)
    }

    /// Writes every proposal in SIKS-NG's template to `dest` (whole or not
    /// at all): one row per person and programme, a proposal to enter DTKS
    /// with no programme as one row with PROGRAM BANSOS empty. Returns the
    /// rows written. Whole NIKs: the operator's right, over their areas.
    pub fn export_siks_usulan(&self, actor: &crate::service::Actor, dest: &Path) -> Result<u64> {
        let access = self.require(actor, crate::domain::access::Right::ExportUnmasked)?;
        let w = self.wilayah();
        let mut all: Vec<Usulan> =
            self.store().scan_records::<Usulan>(kinds::USULAN)?.into_iter().map(|(_, u)| u).collect();
        all.retain(|u| self.reaches_kelurahan(&access, &u.address.kelurahan));
        let mut out = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| ServiceError::from(FormatError::csv_write(dest, e));
        out.write_record(SIKS_USULAN_HEADER).map_err(io)?;
        let mut rows = 0;
        for u in &all {
            let path = w.path(&u.address.kelurahan);
            let name_at =
                |lvl: Level| path.iter().find(|r| r.level() == Some(lvl)).map(|r| r.name.clone()).unwrap_or_default();
            let programmes: Vec<String> = if u.programmes.is_empty() {
                vec![String::new()]
            } else {
                u.programmes.iter().map(|p| p.code().to_string()).collect()
            };
            for p in &u.persons {
                for prog in &programmes {
                    let n = |v: u16| if v == 0 { String::new() } else { v.to_string() };
                    let fields = [
                        p.nik.clone(),
                        prog.clone(),
                        u.no_kk.clone(),
                        p.name.clone(),
                        p.birthplace.clone(),
                        p.birth_date.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
                        p.mother_name.clone(),
                        p.sex
                            .map(|s| if s == crate::domain::Sex::Male { "1" } else { "2" }.to_string())
                            .unwrap_or_default(),
                        p.occupation.map(schemes::occupation_siks_label).unwrap_or_default(),
                        p.marital
                            .map(|m| {
                                (crate::domain::MaritalStatus::ALL.iter().position(|x| *x == m).unwrap_or(0) + 1)
                                    .to_string()
                            })
                            .unwrap_or_default(),
                        u.address.street.clone(),
                        n(u.address.rt),
                        n(u.address.rw),
                        name_at(Level::Province),
                        name_at(Level::KabKota),
                        name_at(Level::Kecamatan),
                        name_at(Level::Kelurahan),
                        if p.disability.is_some() { "YA" } else { "" }.to_string(),
                        p.disability
                            .and_then(|d| crate::domain::Disability::ALL.iter().position(|x| *x == d))
                            .map(|i| (i + 1).to_string())
                            .unwrap_or_default(),
                        if p.pregnancy.is_some() { "YA" } else { "" }.to_string(),
                        p.pregnancy
                            .as_ref()
                            .and_then(|g| g.since)
                            .map(|d| d.format("%d/%m/%Y").to_string())
                            .unwrap_or_default(),
                    ];
                    out.write_record(fields.iter().map(|f| crate::formats::safe_cell::escape(f).into_owned()))
                        .map_err(io)?;
                    rows += 1;
                }
            }
        }
        let bytes = out.into_inner().map_err(|e| ServiceError::io(dest, std::io::Error::other(e.to_string())))?;
        crate::formats::atomic::write_whole(dest, &bytes).map_err(|e| ServiceError::io(dest, e))?;
        let shown = all.iter().flat_map(|u| u.persons.iter().map(|p| p.nik.clone())).collect();
        let view = crate::service::audit::View::Export { what: "siks-usulan", dest, count: all.len() as u64, shown };
        self.audit_view(actor, view)?;
        Ok(rows)
    }
}
