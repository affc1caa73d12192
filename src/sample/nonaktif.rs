//! The sample's deactivation history (`nonaktif.jsonl`) and its monev
//! files (`monev/`): proposals in every state — a draft, one put to the
//! last Muskel, one agreed there and waiting for a decision, approved ones
//! in effect (one urgent on a death certificate), a rejection, a return for
//! revision, a reverted approval, an open appeal, a reinstatement and an
//! upheld appeal — drafts from a September monev round (deceased, moved,
//! not matching, assets), and one double record resolved into a deletion
//! draft (the others are left to resolve). The October round's files are
//! written for the user to import. Proposers and deciders differ.
//!
//! The steps are taken on the temporary register the tahap history was
//! taken on, with the sample's cycle added, so every step is checked as the
//! replay by `dtks import` will check it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

use super::SampleError;
use super::cycle::{KABID, OTHER_OFFICER, SAMPLE_OFFICER};
use crate::domain::codes::{DtksStatus, NotEligibleReason, Programme};
use crate::domain::deactivation::{DeletionGround, Direction, DocumentKind, Evidence, Ground, Origin, Outcome, Scope};
use crate::domain::tahap::Period;
use crate::i18n::Lang;
use crate::service::deactivation::script::{NONAKTIF_FILE, NonaktifStep, Replay, ScriptTarget, write_nonaktif_file};
use crate::service::{Actor, Service, ServiceError};

/// Decides the appeals: never the one who decided the proposal.
const KADIS: &str = "kadis.hendra";
/// The folder, inside the register's, of the monev files.
pub const MONEV_DIR: &str = "monev";

fn err(e: ServiceError) -> SampleError {
    SampleError::Refused(Box::new(e))
}

fn note(kind: DocumentKind, number: &str, on: NaiveDate, text: &str) -> Evidence {
    Evidence {
        kind,
        number: number.into(),
        date: Some(on),
        files: vec![],
        reference: None,
        asset: None,
        note: text.into(),
    }
}

/// One subject's way through the Muskel and the decision.
struct Way {
    ground: Ground,
    evidence: &'static str,
    /// How far it goes: 0 draft, 1 put to the Muskel, 2 agreed, 3 decided.
    until: u8,
    outcome: Outcome,
    decision_note: &'static str,
    /// After the approval: revert, appeal, appeal reinstated or upheld.
    after: After,
}

#[derive(Clone, Copy, PartialEq)]
enum After {
    Nothing,
    Revert,
    Appeal,
    Reinstate,
    Uphold,
}

const fn way(ground: Ground, evidence: &'static str, until: u8, outcome: Outcome, after: After) -> Way {
    Way { ground, evidence, until, outcome, decision_note: "", after }
}

fn ways() -> Vec<Way> {
    use After::*;
    use Outcome::*;
    let n = |r| Ground::NotEligible(r);
    vec![
        way(Ground::Improved, "Usaha warung berkembang, rumah direnovasi (laporan RT)", 0, Approve, Nothing),
        way(n(NotEligibleReason::StateApparatus), "Anak kepala keluarga diangkat PPPK", 1, Approve, Nothing),
        way(Ground::MovedOut, "Pindah ke Bekasi sejak Agustus (surat pindah)", 2, Approve, Nothing),
        way(n(NotEligibleReason::WellOff), "Memiliki dua rumah kontrakan", 3, Approve, Nothing),
        Way {
            decision_note: "Masih tinggal di alamat; diperiksa ulang bersama RT",
            ..way(Ground::MovedOut, "Rumah kosong saat kunjungan", 3, Reject, Nothing)
        },
        Way {
            decision_note: "Lampirkan foto rumah dan keterangan penghasilan",
            ..way(Ground::Improved, "Kondisi rumah membaik", 3, Revise, Nothing)
        },
        way(n(NotEligibleReason::RetiredApparatus), "Pensiunan ASN menurut data BKD", 3, Approve, Revert),
        way(n(NotEligibleReason::Refused), "Menyatakan menolak bantuan saat kunjungan", 3, Approve, Appeal),
        way(Ground::MovedOut, "Tidak ditemukan di alamat selama tiga kunjungan", 3, Approve, Reinstate),
        way(n(NotEligibleReason::CompanyOfficer), "Tercatat sebagai pemilik CV", 3, Approve, Uphold),
    ]
}

/// KLJ recipients of the last frozen tahap, one per household, in no
/// double record and still active: the sample's subjects.
fn subjects(svc: &Service, year: i32) -> Result<Vec<(String, String)>, SampleError> {
    let mut doubles: HashSet<String> = HashSet::new();
    for d in svc.duplicates(&Actor::new("sample")).map_err(err)? {
        doubles.extend(d.places.into_iter().map(|p| p.nik));
    }
    let t3 = Period::tahap(year, 3).ok_or_else(|| SampleError::Cycle("tahap".into()))?;
    let mut kks = HashSet::new();
    let mut out = Vec::new();
    for r in svc.period_rows(Programme::Klj, t3).map_err(err)? {
        if doubles.contains(&r.nik) || !kks.insert(r.no_kk.clone()) {
            continue;
        }
        let h = svc.household(&r.no_kk).map_err(err)?;
        if h.as_ref().and_then(|h| h.member(&r.nik)).is_some_and(|p| p.status() == DtksStatus::Active) {
            out.push((r.nik, r.no_kk));
        }
    }
    Ok(out)
}

fn dukcapil_csv(lines: &[(String, &str, String, &str)]) -> String {
    let mut s = String::from("nik,status,tanggal_meninggal,alamat_baru\n");
    for (nik, status, date, address) in lines {
        s.push_str(&format!("{nik},{status},{date},{address}\n"));
    }
    s
}

/// Writes `nonaktif.jsonl` beside the register files in `dir` and the monev
/// files in `dir/monev/`, going on from `svc`: the temporary register that
/// holds the sample and its tahap history; the cycle (its Muskel sessions)
/// is imported into it here.
pub fn write_nonaktif(svc: &Service, dir: &Path, as_of: NaiveDate) -> Result<Vec<PathBuf>, SampleError> {
    let cycle = dir.join("cycle.jsonl");
    if cycle.is_file() {
        svc.import(&[cycle], &Actor::new("import"), Lang::Id, &mut |_| {}).map_err(err)?;
    }
    let muskel = svc
        .muskels_in("")
        .map_err(err)?
        .into_iter()
        .find(|m| m.date <= as_of)
        .ok_or_else(|| SampleError::Cycle("the sample has no Muskel to put proposals to".into()))?;
    let year = 2026;
    let mut people = subjects(svc, year)?.into_iter();
    let mut next = || people.next().ok_or_else(|| SampleError::Cycle("too few KLJ recipients".into()));
    let day = |d: NaiveDate| d.min(as_of);
    let m = muskel.date;
    let (submit, decide) = (day(m - Days::new(8)), day(m + Days::new(1)));
    let (appeal, appeal_decided) = (day(m + Days::new(2)), day(m + Days::new(3)));
    let mut steps = Vec::new();
    let mut replay = Replay::default();
    let mut take = |step: NonaktifStep, replay: &mut Replay| -> Result<(), SampleError> {
        svc.take_nonaktif_step(&step, replay).map_err(err)?;
        steps.push(step);
        Ok(())
    };
    let officer = SAMPLE_OFFICER.to_string();
    for w in ways() {
        let (nik, _) = next()?;
        let proposed = day(submit - Days::new(5));
        let n = replay.ids.len();
        let evidence = vec![note(DocumentKind::Other, &format!("BA-RT/{:02}/X/{year}", n + 1), proposed, w.evidence)];
        take(
            NonaktifStep::Propose {
                by: officer.clone(),
                on: proposed,
                target: ScriptTarget::Nik(nik),
                direction: Direction::Deactivate(w.ground),
                evidence,
                scope: Scope::All,
                origin: Origin::Petugas,
            },
            &mut replay,
        )?;
        if w.until >= 1 {
            take(
                NonaktifStep::Submit { proposal: n, muskel: muskel.id, by: officer.clone(), on: submit },
                &mut replay,
            )?;
        }
        if w.until >= 2 {
            take(NonaktifStep::Agree { proposal: n, by: officer.clone(), on: m }, &mut replay)?;
        }
        if w.until >= 3 {
            let step = NonaktifStep::Decide {
                proposal: n,
                outcome: w.outcome,
                note: w.decision_note.into(),
                by: KABID.into(),
                on: decide,
            };
            take(step, &mut replay)?;
        }
        let appeal_step =
            |note: &str| NonaktifStep::Appeal { proposal: n, note: note.into(), by: officer.clone(), on: appeal };
        let decide_appeal = |outcome, note: &str| NonaktifStep::DecideAppeal {
            proposal: n,
            outcome,
            note: note.into(),
            by: KADIS.into(),
            on: appeal_decided,
        };
        match w.after {
            After::Nothing => {}
            After::Revert => take(
                NonaktifStep::Revert {
                    proposal: n,
                    reason: "Salah orang: NIK tertukar dengan tetangga".into(),
                    by: KABID.into(),
                    on: appeal,
                },
                &mut replay,
            )?,
            After::Appeal => {
                take(appeal_step("Keluarga menyatakan tidak pernah menolak; surat pernyataan terlampir"), &mut replay)?
            }
            After::Reinstate => {
                take(appeal_step("Masih tinggal di alamat; surat keterangan domisili dari kelurahan"), &mut replay)?;
                take(decide_appeal(Outcome::Approve, "Domisili terbukti; dipulihkan"), &mut replay)?;
            }
            After::Uphold => {
                take(appeal_step("Usaha sudah tutup"), &mut replay)?;
                take(decide_appeal(Outcome::Reject, "Akta perusahaan masih berlaku"), &mut replay)?;
            }
        }
    }
    // Deceased, urgent: decided on the death certificate before any Muskel.
    let (nik, _) = next()?;
    let died = day(m - Days::new(20));
    let n = replay.ids.len();
    let certificate =
        note(DocumentKind::DeathCertificate, &format!("3175-KM-{}-0007", died.format("%d%m%Y")), died, "");
    take(
        NonaktifStep::Propose {
            by: OTHER_OFFICER.into(),
            on: day(died + Days::new(3)),
            target: ScriptTarget::Nik(nik),
            direction: Direction::Deactivate(Ground::Deletion(DeletionGround::Deceased)),
            evidence: vec![certificate],
            scope: Scope::All,
            origin: Origin::Petugas,
        },
        &mut replay,
    )?;
    let step = NonaktifStep::Decide {
        proposal: n,
        outcome: Outcome::Approve,
        note: "Akta kematian diperiksa".into(),
        by: KABID.into(),
        on: day(died + Days::new(4)),
    };
    take(step, &mut replay)?;
    // A double record: keep the suggested one, draft the other's deletion
    // (of a pair whose record to delete is still active: a deletion of an
    // inactive one is refused).
    let removable = |pair: &crate::service::deactivation::DoublePair| {
        [&pair.a, &pair.b].into_iter().any(|h| {
            h.no_kk == pair.suggestion.remove && h.member(&pair.nik).is_some_and(|p| p.status() == DtksStatus::Active)
        })
    };
    let pairs = svc.double_pairs(&Actor::new("sample")).map_err(err)?;
    if let Some(pair) = pairs.into_iter().find(removable) {
        let step = NonaktifStep::Double {
            by: officer.clone(),
            on: day(m - Days::new(1)),
            nik: pair.nik.clone(),
            keep: pair.suggestion.keep.clone(),
            remove: pair.suggestion.remove.clone(),
        };
        take(step, &mut replay)?;
    }
    // The September monev round, imported as drafts.
    let monev_day = day(m - Days::new(15));
    let sept = |d: u32| NaiveDate::from_ymd_opt(year, 9, d).map_or(String::new(), |d| d.to_string());
    let (a, b, c, e) = (next()?, next()?, next()?, next()?);
    let dukcapil_09 = dukcapil_csv(&[
        (a.0.clone(), "meninggal", sept(3), ""),
        (b.0.clone(), "meninggal", sept(21), ""),
        (c.0.clone(), "pindah", String::new(), "Jl. Cempaka 12 Kota Depok"),
        (e.0.clone(), "tidak_padan", String::new(), ""),
    ]);
    let (f, g) = (next()?, next()?);
    let bappeda_09 = format!("nik,no_kk,jenis_aset,nilai\n,{},mobil,185000000\n{},,lahan,420000000\n", f.1, g.0);
    let round = [("padan-dukcapil-2026-09.csv", dukcapil_09), ("aset-bappeda-2026-09.csv", bappeda_09)];
    for (file, body) in &round {
        let step = NonaktifStep::Monev { file: (*file).into(), body: body.clone(), by: officer.clone(), on: monev_day };
        take(step, &mut replay)?;
    }
    // The October round, for the user to import: two new deaths, one
    // finding already open from September, and one asset.
    let (h, i, j) = (next()?, next()?, next()?);
    let oct = |d: u32| NaiveDate::from_ymd_opt(year, 10, d).map_or(String::new(), |d| d.to_string());
    let dukcapil_10 = dukcapil_csv(&[
        (h.0.clone(), "meninggal", oct(9), ""),
        (i.0.clone(), "meninggal", oct(17), ""),
        (a.0.clone(), "meninggal", sept(3), ""),
    ]);
    let bappeda_10 = format!("nik,no_kk,jenis_aset,nilai\n{},,mobil,210000000\n", j.0);
    let path = dir.join(NONAKTIF_FILE);
    write_nonaktif_file(&path, &steps).map_err(err)?;
    let monev = dir.join(MONEV_DIR);
    std::fs::create_dir_all(&monev).map_err(|e| err(ServiceError::io(&monev, e)))?;
    let mut out = vec![path];
    let written = round
        .into_iter()
        .chain([("padan-dukcapil-2026-10.csv", dukcapil_10), ("aset-bappeda-2026-10.csv", bappeda_10)]);
    for (file, body) in written {
        let p = monev.join(file);
        write_whole(&p, body.as_bytes()).map_err(|e| err(ServiceError::io(&p, e)))?;
        out.push(p);
    }
    Ok(out)
}

/// Writes a file whole: a temporary file beside it, renamed over it.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::formats::atomic::write_whole(path, bytes)
}
