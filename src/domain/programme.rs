//! Which programme's verification period a home visit belongs to.

use super::{EnrolmentStatus, Household, Programme};

/// The programme whose period a new visit of `h` is opened in: the first
/// active enrolment of a member, else PKH.
pub fn programme_for(h: &Household) -> Programme {
    h.members
        .iter()
        .flat_map(|p| &p.enrolments)
        .find(|e| e.status == EnrolmentStatus::Active)
        .map_or(Programme::Pkh, |e| e.programme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Relationship, Sex};
    use crate::testkit::{self, date, enrolment};

    fn household(enrolments: Vec<Vec<crate::domain::Enrolment>>) -> Household {
        let members = enrolments
            .into_iter()
            .enumerate()
            .map(|(i, es)| {
                let rel = if i == 0 { Relationship::Head } else { Relationship::Child };
                let mut p =
                    testkit::person(&format!("317106120318000{i}"), "Warga Contoh", rel, Sex::Female, date(1980, 1, 1));
                p.enrolments = es;
                p
            })
            .collect();
        testkit::household("3171061203180007", "31.71.06.1003", members)
    }

    #[test]
    fn no_enrolment_is_pkh() {
        assert_eq!(programme_for(&household(vec![vec![], vec![]])), Programme::Pkh);
    }

    #[test]
    fn first_active_enrolment_of_any_member() {
        let since = date(2023, 1, 1);
        let h = household(vec![
            vec![enrolment(Programme::Pkh, EnrolmentStatus::Stopped, since)],
            vec![
                enrolment(Programme::Bpnt, EnrolmentStatus::Suspended, since),
                enrolment(Programme::JknPbi, EnrolmentStatus::Active, since),
            ],
            vec![enrolment(Programme::Bpnt, EnrolmentStatus::Active, since)],
        ]);
        assert_eq!(programme_for(&h), Programme::JknPbi);
    }
}
