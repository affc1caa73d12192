//! The verification cycle of the sample: usulan of every kind from every
//! source, two Muskel sessions and home visits in every stage, on the
//! households the generator hands over in order. Deterministic from the
//! seed. Dates are counted back from `as_of`: the open self-proposals are
//! open on `as_of`, the overdue ones are past 30 days on it and on any
//! later day.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use super::{Rng, encode_kk, encode_nik};
use crate::domain::muskel::{Attendee, AttendeeRole, Decision, ItemKind, Muskel, MuskelItem};
use crate::domain::stage::{Letter, Period, Stage, Verification, apply_findings};
use crate::domain::usulan::{ProposedPerson, Target, Usulan, UsulanKind, UsulanVerification};
use crate::domain::visit::{FindingKind, MemberPresence, VisitForm, format_date};
use crate::domain::{
    Address, DtksStatus, Household, MaritalStatus, NotEligibleReason, Programme, Relationship, Sex, Source,
};
use crate::i18n::Lang;
use crate::service::cycle_io::CycleRecord;
use crate::service::verval::VisitRecord;

/// The officer whose drafts and returned visits the demo opens with.
pub const SAMPLE_OFFICER: &str = "petugas.sari";
pub(crate) const OTHER_OFFICER: &str = "petugas.budi";
const SUPERVISOR: &str = "supervisor.rina";
pub(crate) const KABID: &str = "kabid.yusuf";

/// What each household taken is used for, in the order they are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Visit(Stage),
    /// A kind-3 proposal agreed by the later Muskel, not yet visited.
    ToVisit,
    /// A kind-3 proposal still with the regional government.
    Assistance,
    Deactivation,
}

const ROLES: &[Role] = &[
    Role::Visit(Stage::Draft),
    Role::Visit(Stage::Verified),
    Role::Visit(Stage::Finalised),
    Role::Visit(Stage::Ratified),
    Role::Visit(Stage::Returned),
    Role::ToVisit,
    Role::Assistance,
    Role::Deactivation,
    Role::Visit(Stage::Draft),
    Role::Visit(Stage::Verified),
    Role::Visit(Stage::Finalised),
    Role::Visit(Stage::Ratified),
    Role::Visit(Stage::Returned),
    Role::ToVisit,
    Role::Assistance,
    Role::Deactivation,
    Role::Visit(Stage::Draft),
    Role::Visit(Stage::Finalised),
    Role::Visit(Stage::Ratified),
    Role::ToVisit,
    Role::Assistance,
    Role::Deactivation,
];

/// Takes households as the generator makes them, then builds the records.
pub struct CycleGen {
    rng: Rng,
    as_of: NaiveDate,
    next_id: u64,
    taken: Vec<(Role, Household)>,
    visits: Vec<CycleRecord>,
}

fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
}

fn back(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(days)).unwrap_or(d)
}

fn head_name(h: &Household) -> String {
    h.head().or(h.members.first()).map(|p| p.name.clone()).unwrap_or_default()
}

impl CycleGen {
    pub fn new(seed: u64, as_of: NaiveDate) -> CycleGen {
        CycleGen { rng: Rng::new(seed, 0x5349_4B4C), as_of, next_id: 1, taken: Vec::new(), visits: Vec::new() }
    }

    fn id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Offers the next household; a ratified visit changes it as
    /// pengesahan would, so the register written agrees with the visit.
    pub fn offer(&mut self, h: &mut Household) {
        if self.taken.len() >= ROLES.len()
            || h.status() != DtksStatus::Active
            || h.members.len() < 2
            || h.members.iter().any(|p| p.birth_date >= back(self.as_of, 62))
            || self.rng.below(4) != 0
        {
            return;
        }
        if let Some(k) = self.taken.first().map(|(_, f)| f.address.kelurahan.clone())
            && k != h.address.kelurahan
        {
            return;
        }
        let role = ROLES[self.taken.len()];
        if let Role::Visit(stage) = role {
            // A household whose form the stage rules refuse (a date the
            // sample did not foresee) is passed over; the next one is tried.
            let visits = self.visits.len();
            match self.visit(h, stage) {
                Ok(Some(changed)) => *h = changed,
                Ok(None) => {}
                Err(_) => {
                    self.visits.truncate(visits);
                    return;
                }
            }
        }
        self.taken.push((role, h.clone()));
    }

    /// One visit brought to `stage`; returns the household pengesahan made.
    fn visit(&mut self, h: &Household, stage: Stage) -> Result<Option<Household>, String> {
        let id = self.id();
        let n = self.taken.len() as u64;
        // Finalised and ratified visits belong to last month's period, the
        // rest to the month of as_of (still open on as_of).
        let earlier = matches!(stage, Stage::Finalised | Stage::Ratified);
        let base = if earlier { back(self.as_of.with_day(1).unwrap_or(self.as_of), 1) } else { self.as_of };
        let programme = if n.is_multiple_of(2) { Programme::Pkh } else { Programme::Bpnt };
        let period = Period::monthly(programme, base.year(), base.month()).ok_or("no such period")?;
        let first = base.with_day(1).unwrap_or(base);
        let day = |k: u64| if earlier { first + Days::new(4 + k) } else { base };
        let officer = if matches!(stage, Stage::Draft | Stage::Returned) { SAMPLE_OFFICER } else { OTHER_OFFICER };
        let mut form = VisitForm::start(id, h, &period.id(), officer, at(day(0), 9, 10 + (n % 40) as u32));
        let mut v = Verification::new(id, &form, officer, day(0));
        form.visit_date = format_date(day(0));
        let complete = stage != Stage::Draft || n.is_multiple_of(3);
        for (i, m) in form.members.iter_mut().enumerate() {
            if stage == Stage::Draft && i > 0 && !complete {
                break;
            }
            m.presence = Some(MemberPresence::Found);
            m.finding = Some(FindingKind::Layak);
        }
        if stage == Stage::Ratified
            && n % 2 == 1
            && let Some(m) = form.members.last_mut()
        {
            m.finding = Some(FindingKind::TidakLayak);
            m.not_eligible = vec![NotEligibleReason::Refused];
            m.programmes = vec![programme];
        }
        if stage == Stage::Draft {
            return self.push_visit(form, v, officer, Vec::new()).map(|_| None);
        }
        v.submit(&period, &form, officer, day(1)).map_err(|e| e.message(Lang::En))?;
        form.saved_at = at(day(1), 14, 5);
        match stage {
            Stage::Returned => {
                let reason = "Foto rumah belum dilampirkan dan RT tidak sesuai KK; periksa lagi";
                v.return_to_officer(reason, SUPERVISOR, day(1)).map_err(|e| e.message(Lang::En))?;
            }
            Stage::Finalised | Stage::Ratified => {
                v.finalise(SUPERVISOR, day(2)).map_err(|e| e.message(Lang::En))?;
            }
            _ => {}
        }
        if stage != Stage::Ratified {
            return self.push_visit(form, v, officer, Vec::new()).map(|_| None);
        }
        let letter = Letter { number: format!("{}/-1.853.2/{}", 400 + n, base.year()), date: day(6) };
        v.ratify(letter.clone(), KABID, day(6)).map_err(|e| e.message(Lang::En))?;
        let (changed, applied) = apply_findings(h, &form, &letter, day(6));
        self.push_visit(form, v, officer, applied)?;
        Ok(Some(changed))
    }

    fn push_visit(
        &mut self,
        form: VisitForm,
        verification: Verification,
        officer: &str,
        applied: Vec<crate::domain::stage::AppliedChange>,
    ) -> Result<(), String> {
        let record = VisitRecord { verification, officer: officer.to_string(), applied };
        self.visits.push(CycleRecord::Visit { form: Box::new(form), record: Box::new(record) });
        Ok(())
    }

    /// The records, the `Meta` line first.
    pub fn finish(mut self) -> Result<Vec<CycleRecord>, String> {
        let mut out = vec![CycleRecord::Meta { as_of: self.as_of }];
        let Some(kel) = self.taken.first().map(|(_, h)| h.address.kelurahan.clone()) else {
            return Ok(out);
        };
        let as_of = self.as_of;
        let kecamatan = kel[..8].to_string();
        let mut usulan: Vec<Usulan> = Vec::new();
        let taken = std::mem::take(&mut self.taken);
        let of_role = |r: Role| taken.iter().filter(move |(x, _)| *x == r).map(|(_, h)| h);

        // Kinds 1 and 2: new families, from every source.
        let sources = [Source::Regional, Source::Ministry, Source::SelfProposal];
        let mut serial = 9000;
        for (k, kind) in [UsulanKind::Entry, UsulanKind::EntryWithAssistance].into_iter().enumerate() {
            for (s, &source) in sources.iter().enumerate() {
                for extra in 0..if source == Source::SelfProposal { 3 } else { 1 } {
                    serial += 1;
                    let days = [3u64, 45, 12, 70, 20, 95][(k * 3 + extra) % 6] + (s as u64) * 5;
                    let submitted = back(as_of, days);
                    let birth = back(as_of, 365 * (25 + self.rng.below(30)) + self.rng.below(300));
                    let sex = if serial % 2 == 0 { Sex::Female } else { Sex::Male };
                    let name = format!(
                        "{} {}",
                        ["Siti", "Ahmad", "Dewi", "Rudi", "Wulan", "Joko"][serial % 6],
                        ["Rahmawati", "Saputra", "Lestari", "Hidayat"][serial % 4]
                    );
                    let person = ProposedPerson {
                        nik: encode_nik(&kecamatan, birth, sex, serial as u32),
                        name,
                        birthplace: "Jakarta".into(),
                        birth_date: Some(birth),
                        sex: Some(sex),
                        mother_name: "Sumiati".into(),
                        relationship: Some(Relationship::Head),
                        marital: Some(MaritalStatus::Married),
                        occupation: None,
                        disability: None,
                        pregnancy: None,
                    };
                    let verified = source != Source::SelfProposal && days > 40;
                    let id = self.id();
                    usulan.push(Usulan {
                        id,
                        kind,
                        source,
                        target: Target::Household,
                        no_kk: encode_kk(&kecamatan, back(submitted, 400), serial as u32),
                        address: Address {
                            kelurahan: kel.clone(),
                            rw: 1 + (serial % 9) as u16,
                            rt: 1 + (serial % 12) as u16,
                            street: format!("Jl. Swadaya {} No. {}", serial % 7 + 1, serial % 40 + 1),
                        },
                        persons: vec![person],
                        programmes: if kind.asks_assistance() { vec![Programme::Bpnt] } else { Vec::new() },
                        entered_by: if source == Source::SelfProposal { "warga".into() } else { "operator.kel".into() },
                        entered_at: at(submitted, 10, 0),
                        submitted,
                        verification: verified.then(|| UsulanVerification {
                            on: submitted + Days::new(14),
                            by: "operator.kel".into(),
                            layak: days.is_multiple_of(2),
                            note: "Hasil verifikasi lapangan".into(),
                        }),
                    });
                }
            }
        }
        // Kind 3: households already in DTKS.
        let kind3: Vec<&Household> = of_role(Role::ToVisit)
            .chain(of_role(Role::Assistance))
            .chain(taken.iter().filter(|(r, _)| matches!(r, Role::Visit(_))).map(|(_, h)| h))
            .collect();
        for (i, h) in kind3.iter().enumerate() {
            let source = sources[i % 3];
            let days = [8u64, 50, 18, 33, 60, 5][i % 6] + 40 * u64::from(i >= 8);
            let submitted = back(as_of, days);
            // A member and a programme they are not in yet, so the proposal
            // is sound (the head first).
            let order = [Programme::Pkh, Programme::JknPbi, Programme::Bpnt];
            let missing = |p: &crate::domain::Person| {
                order.into_iter().cycle().skip(i % 3).take(3).find(|g| !p.enrolments.iter().any(|e| e.programme == *g))
            };
            let Some((p, g)) = h.head().into_iter().chain(h.members.iter()).find_map(|p| missing(p).map(|g| (p, g)))
            else {
                continue;
            };
            let id = self.id();
            usulan.push(Usulan {
                id,
                kind: UsulanKind::Assistance,
                source,
                target: Target::Person { nik: p.nik.clone() },
                no_kk: h.no_kk.clone(),
                address: h.address.clone(),
                persons: vec![ProposedPerson::of(p)],
                programmes: vec![g],
                entered_by: "operator.kel".into(),
                entered_at: at(submitted, 11, 30),
                submitted,
                verification: (source != Source::SelfProposal && days > 30).then(|| UsulanVerification {
                    on: submitted + Days::new(10),
                    by: "operator.kel".into(),
                    layak: true,
                    note: "Layak".into(),
                }),
            });
        }

        // Two Muskel: one about 80 days before as_of, one 4 days before.
        let attendees = |n: u64| -> Vec<Attendee> {
            let people = [
                ("Hendra Gunawan", AttendeeRole::Lurah, "Kelurahan"),
                ("Nur Aisyah", AttendeeRole::Lmk, "LMK"),
                ("Bambang Sutrisno", AttendeeRole::Rw, "RW 03"),
                ("Yuliana", AttendeeRole::Rt, "RT 05/RW 03"),
                ("Maryam", AttendeeRole::Kader, "PKK"),
                ("Rizky Pratama", AttendeeRole::Pendamping, "Pendamping PKH"),
                ("Sutarman", AttendeeRole::Warga, "Tokoh masyarakat"),
            ];
            people
                .iter()
                .enumerate()
                .filter(|(i, _)| (*i as u64 + n) % 5 != 4)
                .map(|(_, (name, role, from))| Attendee {
                    name: (*name).into(),
                    role: *role,
                    from: (*from).into(),
                    signed: true,
                })
                .collect()
        };
        let item_of = |u: &Usulan, decision: Decision, note: &str| MuskelItem {
            kind: ItemKind::from(u.kind),
            usulan_id: Some(u.id),
            no_kk: u.no_kk.clone(),
            nik: match &u.target {
                Target::Person { nik } => nik.clone(),
                Target::Household => String::new(),
            },
            name: u.persons.first().map(|p| p.name.clone()).unwrap_or_default(),
            programmes: u.programmes.clone(),
            decision: Some(decision),
            note: note.into(),
        };
        let deactivation = |h: &Household, decision: Decision| MuskelItem {
            kind: ItemKind::Deactivation,
            usulan_id: None,
            no_kk: h.no_kk.clone(),
            nik: String::new(),
            name: head_name(h),
            programmes: Vec::new(),
            decision: Some(decision),
            note: "Keluarga sudah mampu; disepakati warga".into(),
        };
        let visited: Vec<&str> =
            taken.iter().filter(|(r, _)| matches!(r, Role::Visit(_))).map(|(_, h)| h.no_kk.as_str()).collect();
        let to_visit: Vec<&str> = of_role(Role::ToVisit).map(|h| h.no_kk.as_str()).collect();
        let deact: Vec<&Household> = of_role(Role::Deactivation).collect();
        let mut muskels = Vec::new();
        for (n, (days, number)) in [(80u64, 1), (4, 2)].into_iter().enumerate() {
            let date = back(as_of, days);
            let mut items = Vec::new();
            for u in usulan.iter().filter(|u| u.submitted < date && back(date, 75) <= u.submitted) {
                let item = if u.kind == UsulanKind::Assistance {
                    if n == 0 && visited.contains(&u.no_kk.as_str()) || n == 1 && to_visit.contains(&u.no_kk.as_str()) {
                        item_of(u, Decision::Agreed, "Disepakati untuk diverifikasi")
                    } else if visited.contains(&u.no_kk.as_str()) || to_visit.contains(&u.no_kk.as_str()) {
                        continue;
                    } else {
                        item_of(u, Decision::Deferred, "Menunggu data pendukung")
                    }
                } else if u.id % 2 == 0 {
                    item_of(u, Decision::Rejected, "Sudah tercatat di kelurahan lain")
                } else {
                    item_of(u, Decision::Deferred, "Dibahas lagi di musyawarah berikutnya")
                };
                items.push(item);
            }
            // Visited households of the first Muskel were agreed whatever
            // their proposal's date.
            if n == 0 {
                for u in usulan.iter().filter(|u| visited.contains(&u.no_kk.as_str())) {
                    if !items.iter().any(|i| i.usulan_id == Some(u.id)) {
                        items.push(item_of(u, Decision::Agreed, "Disepakati untuk diverifikasi"));
                    }
                }
            } else {
                for u in usulan.iter().filter(|u| to_visit.contains(&u.no_kk.as_str())) {
                    if !items.iter().any(|i| i.usulan_id == Some(u.id)) {
                        items.push(item_of(u, Decision::Agreed, "Disepakati untuk diverifikasi"));
                    }
                }
            }
            for (i, h) in deact.iter().enumerate() {
                if i % 2 == n {
                    items.push(deactivation(h, if i == 2 { Decision::Rejected } else { Decision::Agreed }));
                }
            }
            let id = self.id();
            muskels.push(Muskel {
                id,
                kelurahan: kel.clone(),
                date,
                place: "Aula Kantor Kelurahan".into(),
                number: format!("{number:03}/BA-MUSKEL/{}", date.year()),
                attendees: attendees(n as u64),
                items,
                evidence: Vec::new(),
            });
        }
        out.extend(usulan.into_iter().map(CycleRecord::Usulan));
        out.extend(muskels.into_iter().map(CycleRecord::Muskel));
        out.append(&mut self.visits);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::{SampleSpec, generate};

    fn build(seed: u64) -> (Vec<CycleRecord>, Vec<Household>) {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let spec = SampleSpec { households: 400, seed, kelurahan: Some(vec!["31.75.03.1001".into()]), as_of };
        let mut g = CycleGen::new(seed, as_of);
        let hs: Vec<Household> = generate(spec)
            .map(|mut h| {
                g.offer(&mut h);
                h
            })
            .collect();
        (g.finish().unwrap(), hs)
    }

    #[test]
    fn other_seeds_dates_and_kelurahan_fill_every_stage() {
        let as_of = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
        for seed in 1..7 {
            let spec = SampleSpec { households: 400, seed, kelurahan: Some(vec!["31.71.01.1002".into()]), as_of };
            let mut g = CycleGen::new(seed, as_of);
            for mut h in generate(spec) {
                g.offer(&mut h);
            }
            let recs = g.finish().unwrap();
            let visits = recs.iter().filter(|r| matches!(r, CycleRecord::Visit { .. })).count();
            assert_eq!(visits, ROLES.iter().filter(|r| matches!(r, Role::Visit(_))).count(), "seed {seed}");
        }
    }

    #[test]
    fn every_stage_kind_and_source_and_deterministic() {
        let (a, hs) = build(1);
        assert_eq!(a, build(1).0);
        let stages: Vec<Stage> = a
            .iter()
            .filter_map(|r| match r {
                CycleRecord::Visit { record, .. } => Some(record.verification.stage),
                _ => None,
            })
            .collect();
        for s in Stage::ALL {
            assert!(stages.contains(s), "no visit {s:?}");
        }
        let us: Vec<&Usulan> =
            a.iter().filter_map(|r| if let CycleRecord::Usulan(u) = r { Some(u) } else { None }).collect();
        for k in UsulanKind::ALL {
            for s in Source::ALL {
                assert!(us.iter().any(|u| u.kind == *k && u.source == *s), "{k:?} {s:?}");
            }
        }
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let open = |d| {
            us.iter()
                .filter(|u| {
                    u.source == Source::SelfProposal
                        && matches!(crate::domain::usulan::deadline(u, d), crate::domain::usulan::Deadline::Open { .. })
                })
                .count()
        };
        assert!(open(as_of) > 0);
        assert!(open(as_of + Days::new(3000)) == 0);
        assert!(us.iter().any(|u| u.source == Source::SelfProposal
            && matches!(
                crate::domain::usulan::deadline(u, as_of),
                crate::domain::usulan::Deadline::AutoEligible { .. }
            )));
        // Ratified visits left the register as pengesahan made it.
        for r in &a {
            if let CycleRecord::Visit { form, record } = r
                && record.verification.stage == Stage::Ratified
            {
                let h = hs.iter().find(|h| h.no_kk == form.no_kk).unwrap();
                let letter = record.verification.letter.clone().unwrap();
                assert_eq!(&apply_findings(&form.registered, form, &letter, letter.date).0, h);
            }
        }
    }
}
