//! Typed rows of the five tables: reading them from cells and writing them
//! as fields.

use chrono::{NaiveDate, NaiveDateTime};

use super::problem::{CellProblem, RowProblem};
use super::value::{self, Cell, Rounded};
use super::{Header, Kind};
use crate::domain::codes::*;
use crate::domain::model::{Address, Enrolment, EnrolmentSource, HouseholdInfo, Person, Pregnancy, StatusEntry};
use crate::domain::wilayah::Region;

/// A household's own row; its members come from the persons table.
#[derive(Clone, Debug, PartialEq)]
pub struct HouseholdRow {
    pub no_kk: String,
    pub address: Address,
    pub info: HouseholdInfo,
}

/// A person's row. `person.history` and `person.enrolments` are empty: they
/// come from their own tables.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonRow {
    pub no_kk: String,
    pub person: Person,
}

/// One status change; `nik` is None for the household's own status.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryRow {
    pub no_kk: String,
    pub nik: Option<String>,
    pub entry: StatusEntry,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnrolmentRow {
    pub nik: String,
    pub no_kk: String,
    pub enrolment: Enrolment,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    Region(Region),
    Household(HouseholdRow),
    Person(PersonRow),
    History(HistoryRow),
    Enrolment(EnrolmentRow),
}

/// Reads cells of one column, turning a failure into a message naming it.
struct Fields<'a> {
    header: &'a Header,
    record: &'a [Cell],
    /// NIKs and No. KKs that a spreadsheet may have rounded, read as shown.
    rounded: std::cell::RefCell<Vec<Rounded>>,
}

impl Fields<'_> {
    fn cell(&self, col: &'static str) -> &Cell {
        self.header.cell(self.record, col)
    }
    fn ctx<T>(&self, col: &'static str, r: Result<T, CellProblem>) -> Result<T, RowProblem> {
        r.map_err(|e| RowProblem::cell(col, e))
    }
    fn text(&self, col: &'static str) -> String {
        self.cell(col).text()
    }
    /// A free-text cell, within its column's length limit.
    fn free_text(&self, col: &'static str) -> Result<String, RowProblem> {
        let t = self.text(col);
        match crate::domain::limits::of_column(col) {
            Some(max) if t.chars().count() > max => {
                Err(RowProblem::cell(col, CellProblem::TooLong { len: t.chars().count(), max }))
            }
            _ => Ok(t),
        }
    }
    fn required_text(&self, col: &'static str) -> Result<String, RowProblem> {
        let t = self.free_text(col)?;
        if t.is_empty() { Err(RowProblem::cell(col, CellProblem::Empty)) } else { Ok(t) }
    }
    /// A NIK or No. KK. One a spreadsheet rounded is read as it shows and
    /// noted, for the import to restore from the register or reject.
    fn number16(&self, col: &'static str) -> Result<String, RowProblem> {
        let cell = self.cell(col);
        match value::number16(cell) {
            Ok(s) => {
                if s.ends_with('0')
                    && let Some((_, r)) = value::rounded(col, cell)
                {
                    self.rounded.borrow_mut().push(r);
                }
                Ok(s)
            }
            Err(e @ (CellProblem::NumberLostDigits { .. } | CellProblem::Scientific { .. })) => {
                let (shown, r) = value::rounded(col, cell).ok_or_else(|| RowProblem::cell(col, e))?;
                self.rounded.borrow_mut().push(r);
                Ok(shown)
            }
            Err(e) => Err(RowProblem::cell(col, e)),
        }
    }
    fn date(&self, col: &'static str) -> Result<NaiveDate, RowProblem> {
        self.ctx(col, value::date_in(self.cell(col), self.header.month_first.contains(&col)))
    }
    fn opt_date(&self, col: &'static str) -> Result<Option<NaiveDate>, RowProblem> {
        self.ctx(col, value::opt_date_in(self.cell(col), self.header.month_first.contains(&col)))
    }
    fn boolean(&self, col: &'static str) -> Result<bool, RowProblem> {
        self.ctx(col, value::boolean(self.cell(col)))
    }
    fn small(&self, col: &'static str, max: u16) -> Result<u16, RowProblem> {
        self.ctx(col, value::small_number(self.cell(col), max))
    }
    fn code<T>(&self, col: &'static str, parse: fn(&str) -> Option<T>, codes: fn() -> String) -> Result<T, RowProblem> {
        let t = self.text(col);
        if t.is_empty() {
            return Err(RowProblem::cell(col, CellProblem::EmptyCode { codes: codes() }));
        }
        parse(&t).ok_or_else(|| RowProblem::cell(col, CellProblem::NotOneOf { value: t.clone(), codes: codes() }))
    }
    fn opt_code<T>(
        &self,
        col: &'static str,
        parse: fn(&str) -> Option<T>,
        codes: fn() -> String,
    ) -> Result<Option<T>, RowProblem> {
        if self.cell(col).is_blank() { Ok(None) } else { self.code(col, parse, codes).map(Some) }
    }
    /// `hamil` (ya/tidak) and `hamil_sejak`: a start date alone says
    /// pregnant too.
    fn pregnancy(&self) -> Result<Option<Pregnancy>, RowProblem> {
        let since = self.opt_date("hamil_sejak")?;
        let said = if self.cell("hamil").is_blank() { None } else { Some(self.boolean("hamil")?) };
        Ok(match (said, since) {
            (Some(false), _) | (None, None) => None,
            (_, since) => Some(Pregnancy { since }),
        })
    }
    /// `sumber_format`, `sumber_berkas`, `sumber_diimpor`: all blank is no
    /// source; a source names its layout and the time of its import.
    fn enrolment_source(&self) -> Result<Option<EnrolmentSource>, RowProblem> {
        let layout = self.free_text("sumber_format")?;
        let file = self.free_text("sumber_berkas")?;
        let at = self.text("sumber_diimpor");
        if layout.is_empty() && file.is_empty() && at.is_empty() {
            return Ok(None);
        }
        if layout.is_empty() {
            return Err(RowProblem::cell("sumber_format", CellProblem::Empty));
        }
        let imported_at = parse_datetime(&at)
            .ok_or_else(|| RowProblem::cell("sumber_diimpor", CellProblem::NotADate { text: at.clone() }))?;
        Ok(Some(EnrolmentSource { layout, file, imported_at }))
    }
    fn list<T>(
        &self,
        col: &'static str,
        parse: fn(&str) -> Option<T>,
        codes: fn() -> String,
    ) -> Result<Vec<T>, RowProblem> {
        self.text(col)
            .split(['|', ',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                parse(s).ok_or_else(|| {
                    RowProblem::cell(col, CellProblem::NotOneOf { value: s.to_string(), codes: codes() })
                })
            })
            .collect()
    }
}

fn parse_sex(s: &str) -> Option<Sex> {
    Sex::parse(s).or_else(|| match s.trim().to_lowercase().as_str() {
        "lk" | "laki" | "laki laki" | "pria" => Some(Sex::Male),
        "pr" | "wanita" => Some(Sex::Female),
        _ => None,
    })
}

fn parse_decile(s: &str) -> Option<u8> {
    s.trim().parse::<u8>().ok().filter(|d| (1..=10).contains(d))
}

fn decile_codes() -> String {
    "1–10".into()
}

/// Reads one record of a recognised table, with the NIKs and No. KKs in
/// it that a spreadsheet may have rounded.
pub(crate) fn parse_row(header: &Header, record: &[Cell]) -> Result<(Row, Vec<Rounded>), RowProblem> {
    let f = Fields { header, record, rounded: Default::default() };
    let row = read_row(&f)?;
    Ok((row, f.rounded.into_inner()))
}

fn read_row(f: &Fields) -> Result<Row, RowProblem> {
    let header = f.header;
    match header.kind {
        Kind::Wilayah => Ok(Row::Region(Region {
            code: f.ctx("code", value::region_code(f.cell("code")))?,
            name: f.required_text("name")?,
        })),
        Kind::Households => {
            let kelurahan = f.ctx("kelurahan", value::region_code(f.cell("kelurahan")))?;
            if kelurahan.len() != 13 {
                return Err(RowProblem::cell("kelurahan", CellProblem::NotKelurahanCode { code: kelurahan }));
            }
            Ok(Row::Household(HouseholdRow {
                no_kk: f.number16("no_kk")?,
                address: Address {
                    kelurahan,
                    rw: f.small("rw", 999)?,
                    rt: f.small("rt", 999)?,
                    street: f.free_text("alamat")?,
                },
                info: HouseholdInfo {
                    floor: f.code("lantai", Floor::parse, Floor::codes)?,
                    wall: f.code("dinding", Wall::parse, Wall::codes)?,
                    roof: f.code("atap", Roof::parse, Roof::codes)?,
                    lighting: f.code("penerangan", Lighting::parse, Lighting::codes)?,
                    water: f.code("air_minum", DrinkingWater::parse, DrinkingWater::codes)?,
                    sanitation: f.code("sanitasi", Sanitation::parse, Sanitation::codes)?,
                    cooking_fuel: f.code("bahan_bakar", CookingFuel::parse, CookingFuel::codes)?,
                    assets: f.list("aset", Asset::parse, Asset::codes)?,
                    decile: f.opt_code("desil", parse_decile, decile_codes)?,
                },
            }))
        }
        Kind::Persons => Ok(Row::Person(PersonRow {
            no_kk: f.number16("no_kk")?,
            person: Person {
                nik: f.number16("nik")?,
                name: f.required_text("nama")?,
                birthplace: f.free_text("tempat_lahir")?,
                birth_date: f.date("tanggal_lahir")?,
                sex: f.code("jenis_kelamin", parse_sex, Sex::codes)?,
                mother_name: f.free_text("nama_ibu")?,
                relationship: f.code("hubungan", Relationship::parse, Relationship::codes)?,
                marital: f.code("status_kawin", MaritalStatus::parse, MaritalStatus::codes)?,
                occupation: f.code("pekerjaan", Occupation::parse, Occupation::codes)?,
                disability: f.opt_code("disabilitas", Disability::parse, Disability::codes)?,
                parent_died_covid: f.boolean("ortu_wafat_covid")?,
                not_eligible: f.list("tidak_layak", NotEligibleReason::parse, NotEligibleReason::codes)?,
                history: Vec::new(),
                enrolments: Vec::new(),
                pregnancy: f.pregnancy()?,
            },
        })),
        Kind::History => {
            let nik = if f.cell("nik").is_blank() { None } else { Some(f.number16("nik")?) };
            let period = f.free_text("periode")?;
            Ok(Row::History(HistoryRow {
                no_kk: f.number16("no_kk")?,
                nik,
                entry: StatusEntry {
                    status: f.code("status", DtksStatus::parse, DtksStatus::codes)?,
                    since: f.date("sejak")?,
                    period: if period.is_empty() { None } else { Some(period) },
                    source: f.code("sumber", Source::parse, Source::codes)?,
                    note: f.free_text("catatan")?,
                },
            }))
        }
        Kind::Enrolments => Ok(Row::Enrolment(EnrolmentRow {
            nik: f.number16("nik")?,
            no_kk: f.number16("no_kk")?,
            enrolment: Enrolment {
                programme: f.code("program", Programme::parse, Programme::codes)?,
                status: f.code("status", EnrolmentStatus::parse, EnrolmentStatus::codes)?,
                since: f.date("sejak")?,
                until: f.opt_date("sampai")?,
                source: f.enrolment_source()?,
            },
        })),
    }
}

/// `2026-12-03 16:30:00` (seconds, or the time, may be left out).
fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
}

pub(crate) fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn join<T: std::fmt::Display>(items: &[T]) -> String {
    items.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("|")
}

/// Fields of a wilayah row, in [`Kind::columns`] order.
pub fn region_fields(r: &Region) -> Vec<String> {
    vec![r.code.clone(), r.name.clone()]
}

/// Fields of a household row (`no_kk`, address, info), in column order.
pub fn household_fields(no_kk: &str, a: &Address, i: &HouseholdInfo) -> Vec<String> {
    vec![
        no_kk.to_string(),
        a.kelurahan.clone(),
        a.rw.to_string(),
        a.rt.to_string(),
        a.street.clone(),
        i.floor.code().into(),
        i.wall.code().into(),
        i.roof.code().into(),
        i.lighting.code().into(),
        i.water.code().into(),
        i.sanitation.code().into(),
        i.cooking_fuel.code().into(),
        join(&i.assets),
        i.decile.map(|d| d.to_string()).unwrap_or_default(),
    ]
}

/// Fields of a person row, in column order.
pub fn person_fields(no_kk: &str, p: &Person) -> Vec<String> {
    vec![
        p.nik.clone(),
        no_kk.to_string(),
        p.name.clone(),
        p.birthplace.clone(),
        iso(p.birth_date),
        p.sex.code().into(),
        p.mother_name.clone(),
        p.relationship.code().into(),
        p.marital.code().into(),
        p.occupation.code().into(),
        p.disability.map(|d| d.code().to_string()).unwrap_or_default(),
        if p.parent_died_covid { "ya" } else { "tidak" }.into(),
        join(&p.not_eligible),
        if p.pregnancy.is_some() { "ya" } else { "tidak" }.into(),
        p.pregnancy.as_ref().and_then(|g| g.since).map(iso).unwrap_or_default(),
    ]
}

/// Fields of a history row, in column order.
pub fn history_fields(no_kk: &str, nik: Option<&str>, e: &StatusEntry) -> Vec<String> {
    vec![
        no_kk.to_string(),
        nik.unwrap_or_default().to_string(),
        e.status.code().into(),
        iso(e.since),
        e.period.clone().unwrap_or_default(),
        e.source.code().into(),
        e.note.clone(),
    ]
}

/// Fields of an enrolment row, in column order.
pub fn enrolment_fields(no_kk: &str, nik: &str, e: &Enrolment) -> Vec<String> {
    vec![
        nik.to_string(),
        no_kk.to_string(),
        e.programme.code().into(),
        e.status.code().into(),
        iso(e.since),
        e.until.map(iso).unwrap_or_default(),
        e.source.as_ref().map(|s| s.layout.clone()).unwrap_or_default(),
        e.source.as_ref().map(|s| s.file.clone()).unwrap_or_default(),
        e.source.as_ref().map(|s| s.imported_at.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default(),
    ]
}
