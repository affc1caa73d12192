//! The `--json` views of the verification cycle: proposals, Muskel, visits.
//! Keys are those of the cycle file (`cycle.jsonl`), or of the register's
//! columns where a value is one of them (`nama`, `jenis_kelamin`…); coded
//! values are the codes of the import files (`masuk_dtks`, `JKN-PBI`,
//! `disetujui`), never the program's own names. Texts for people sit under
//! `message`, the only keys that follow `--lang`.

use serde_json::{Map, Value, json};

use crate::domain::muskel::{Cadence, Muskel, MuskelItem};
use crate::domain::usulan::{Deadline, ProposedPerson, Target, Usulan};
use crate::domain::visit::{MemberEntry, PersonFields, VisitForm};
use crate::domain::{Address, HouseholdInfo, Programme};
use crate::formats::Kind;
use crate::formats::rows::household_fields;
use crate::i18n::Lang;
use crate::service::muskel::{MuskelDue, PrelistLine};
use crate::service::usulan::UsulanLine;
use crate::service::verval::{Queues, VisitDetail, VisitLine, VisitRecord};

fn codes(programmes: &[Programme]) -> Value {
    programmes.iter().map(|p| p.code()).collect()
}

fn message(text: String) -> Value {
    json!({ "message": text })
}

pub fn usulan_lines(lang: Lang, lines: &[UsulanLine]) -> Value {
    lines.iter().map(|l| usulan_line(lang, l)).collect()
}

fn usulan_line(lang: Lang, l: &UsulanLine) -> Value {
    json!({
        "usulan": usulan(&l.usulan),
        "deadline": deadline(lang, &l.deadline),
        "problems": l.problems.iter().map(|p| message(p.message(lang))).collect::<Vec<_>>(),
    })
}

fn usulan(u: &Usulan) -> Value {
    let (target, target_nik) = match &u.target {
        Target::Household => ("household", None),
        Target::Person { nik } => ("person", Some(nik)),
    };
    json!({
        "id": u.id,
        "kind": u.kind.code(),
        "source": u.source.code(),
        "target": target,
        "target_nik": target_nik,
        "no_kk": u.no_kk,
        "address": address(&u.address),
        "persons": u.persons.iter().map(proposed).collect::<Vec<_>>(),
        "programmes": codes(&u.programmes),
        "entered_by": u.entered_by,
        "entered_at": u.entered_at,
        "submitted": u.submitted,
        "verification": u.verification,
    })
}

/// An address keyed like the households columns.
fn address(a: &Address) -> Value {
    json!({ "kelurahan": a.kelurahan, "rw": a.rw.to_string(), "rt": a.rt.to_string(), "alamat": a.street })
}

fn proposed(p: &ProposedPerson) -> Value {
    json!({
        "nik": p.nik,
        "nama": p.name,
        "tempat_lahir": p.birthplace,
        "tanggal_lahir": p.birth_date,
        "jenis_kelamin": p.sex.map(|c| c.code()),
        "nama_ibu": p.mother_name,
        "hubungan": p.relationship.map(|c| c.code()),
        "status_kawin": p.marital.map(|c| c.code()),
        "pekerjaan": p.occupation.map(|c| c.code()),
        "disabilitas": p.disability.map(|c| c.code()),
        "hamil": p.pregnancy.is_some(),
        "hamil_sejak": p.pregnancy.as_ref().and_then(|g| g.since),
    })
}

fn deadline(lang: Lang, d: &Deadline) -> Value {
    let (state, mut obj) = match d {
        Deadline::NotApplicable => ("not_applicable", json!({})),
        Deadline::Open { deadline, days_left } => ("open", json!({ "deadline": deadline, "days_left": days_left })),
        Deadline::VerifiedInTime { on } => ("verified_in_time", json!({ "on": on })),
        Deadline::AutoEligible { since } => ("auto_eligible", json!({ "since": since })),
    };
    obj["state"] = json!(state);
    obj["message"] = json!(d.message(lang));
    obj
}

pub fn muskels(list: &[Muskel]) -> Value {
    list.iter().map(muskel).collect()
}

fn muskel(m: &Muskel) -> Value {
    json!({
        "id": m.id,
        "kelurahan": m.kelurahan,
        "date": m.date,
        "place": m.place,
        "number": m.number,
        "attendees": m.attendees.iter().map(|a| json!({
            "name": a.name, "role": a.role.code(), "from": a.from, "signed": a.signed,
        })).collect::<Vec<_>>(),
        "items": m.items.iter().map(item).collect::<Vec<_>>(),
        "evidence": m.evidence.iter().map(|e| json!({
            "kind": e.kind.code(), "file_name": e.file_name, "sha256": e.sha256,
        })).collect::<Vec<_>>(),
    })
}

fn item(i: &MuskelItem) -> Value {
    json!({
        "kind": i.kind.code(),
        "usulan_id": i.usulan_id,
        "no_kk": i.no_kk,
        "nik": i.nik,
        "nama": i.name,
        "programmes": codes(&i.programmes),
        "decision": i.decision.map(|d| d.code()),
        "note": i.note,
    })
}

pub fn muskel_due(lang: Lang, due: &[MuskelDue]) -> Value {
    due.iter()
        .map(|d| {
            let (state, mut cadence) = match &d.cadence {
                Cadence::Never => ("never", json!({})),
                Cadence::OnTime { last, due, days_left } => {
                    ("on_time", json!({ "last": last, "due": due, "days_left": days_left }))
                }
                Cadence::Overdue { last, due, days_over } => {
                    ("overdue", json!({ "last": last, "due": due, "days_over": days_over }))
                }
            };
            cadence["state"] = json!(state);
            cadence["message"] = json!(d.cadence.message(lang));
            json!({ "kelurahan": d.kelurahan, "name": d.name, "cadence": cadence })
        })
        .collect()
}

pub fn queues(lang: Lang, q: &Queues) -> Value {
    json!({
        "to_visit": q.to_visit.iter().map(prelist).collect::<Vec<_>>(),
        "drafts": visit_lines(&q.drafts),
        "returned": visit_lines(&q.returned),
        "waiting_finalisation": visit_lines(&q.waiting_finalisation),
        "waiting_pengesahan": visit_lines(&q.waiting_pengesahan),
        "self_proposals": usulan_lines(lang, &q.self_proposals),
    })
}

fn prelist(l: &PrelistLine) -> Value {
    json!({ "muskel_id": l.muskel_id, "muskel_date": l.muskel_date, "kelurahan": l.kelurahan, "item": item(&l.item) })
}

pub fn visit_lines(lines: &[VisitLine]) -> Value {
    lines
        .iter()
        .map(|l| {
            json!({
                "visit_id": l.visit_id,
                "no_kk": l.no_kk,
                "head": l.head,
                "kelurahan": l.kelurahan,
                "period": l.period,
                "stage": l.stage.code(),
                "officer": l.officer,
                "saved_at": l.saved_at,
                "returned_reason": l.returned_reason,
            })
        })
        .collect()
}

pub fn visits(lang: Lang, visits: &[VisitDetail]) -> Value {
    visits.iter().map(|d| json!({ "form": form(&d.form), "record": record(lang, &d.record) })).collect()
}

/// The household columns of a form's housing conditions (`lantai`…`desil`).
fn info(i: &HouseholdInfo) -> Value {
    let blank = Address { kelurahan: String::new(), rw: 0, rt: 0, street: String::new() };
    let skip = 5; // no_kk, kelurahan, rw, rt, alamat
    let row: Map<String, Value> = Kind::Households
        .header()
        .into_iter()
        .zip(household_fields("", &blank, i))
        .skip(skip)
        .map(|(k, v)| (k.to_string(), Value::String(v)))
        .collect();
    Value::Object(row)
}

fn form(f: &VisitForm) -> Value {
    json!({
        "id": f.id,
        "no_kk": f.no_kk,
        "period": f.period,
        "officer": f.officer,
        "visit_date": f.visit_date,
        "kelurahan": f.kelurahan,
        "rw": f.rw,
        "rt": f.rt,
        "alamat": f.street,
        "info": info(&f.info),
        "members": f.members.iter().map(member).collect::<Vec<_>>(),
        "saved_at": f.saved_at,
    })
}

/// A person's fields keyed like the persons columns.
fn fields(p: &PersonFields) -> Map<String, Value> {
    let v = json!({
        "nik": p.nik,
        "nama": p.name,
        "tempat_lahir": p.birthplace,
        "tanggal_lahir": p.birth_date,
        "jenis_kelamin": p.sex.map(|c| c.code()),
        "nama_ibu": p.mother_name,
        "hubungan": p.relationship.map(|c| c.code()),
        "status_kawin": p.marital.map(|c| c.code()),
        "pekerjaan": p.occupation.map(|c| c.code()),
        "disabilitas": p.disability.map(|c| c.code()),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn member(m: &MemberEntry) -> Value {
    let mut obj = fields(&m.fields);
    obj.insert("registered_nik".into(), json!(m.registered_nik));
    obj.insert("presence".into(), json!(m.presence.map(|c| c.code())));
    obj.insert("finding".into(), json!(m.finding.map(|c| c.code())));
    obj.insert("tidak_layak".into(), m.not_eligible.iter().map(|c| c.code()).collect());
    obj.insert("update_reason".into(), json!(m.update_reason.map(|c| c.code())));
    obj.insert("programmes".into(), codes(&m.programmes));
    Value::Object(obj)
}

fn record(lang: Lang, r: &VisitRecord) -> Value {
    let v = &r.verification;
    json!({
        "officer": r.officer,
        "stage": v.stage.code(),
        "period": v.period,
        "letter": v.letter.as_ref().map(|l| json!({ "number": l.number, "date": l.date })),
        "events": v.events.iter().map(|e| json!({
            "stage": e.stage.code(), "on": e.on, "by": e.by, "note": e.note,
        })).collect::<Vec<_>>(),
        "applied": r.applied.iter().map(|c| message(c.message(lang))).collect::<Vec<_>>(),
    })
}
