//! The demo risk conference: Lakeside MARAC, coordinated by Lakeside Social
//! Services with the police, the shelter and the hospital; three past
//! meetings (attendance, an observer, minutes) and one upcoming; about 40
//! cases assessed (two or three assessments a month apart, rising) and
//! referred, screened and listed; two actions agreed per case heard, most
//! done, some carried over. Everything goes through the use cases, so it is
//! authorised and audited like real work. Invented data only.

use crate::app::App;
use crate::cases::file::Caseload;
use crate::error::AppResult;
use chrono::Duration;
use concord_domain::access::Actor;
use concord_domain::risk::assessment::AssessmentForm;
use concord_domain::risk::conference_action::{ConferenceActionForm, ConferenceActionUpdateForm};
use concord_domain::risk::conference_form::{
    AttendanceEntryForm, ConferenceForm, ConferenceMeetingForm, ConferenceReferralForm,
    ScreeningForm,
};
use concord_domain::risk::instrument::AnswerKind;
use concord_store::PageRequest;

const SEEDED_KEY: &str = "demo_conferences_seeded";
/// Cases the demo lists at the conference.
pub const DEMO_CONFERENCE_CASES: usize = 40;

impl App {
    /// Seeds the demo conference once, after the demo cases. Returns false
    /// if it was there already (or there are no demo cases).
    pub async fn seed_demo_conferences(&self) -> AppResult<bool> {
        if self.store.get_setting(SEEDED_KEY).await?.is_some() {
            return Ok(false);
        }
        let mut actors = Vec::new();
        for username in [
            "marac.coordinator",
            "shelter.caseworker",
            "police.officer",
            "hospital.nurse",
        ] {
            match self.store.find_user_by_username(username).await? {
                Some(user) => actors.push(crate::signed_in::actor_of(&user)),
                None => return Ok(false),
            }
        }
        let coordinator = actors[0].clone();
        let workers: Vec<Actor> = actors[1..].to_vec();
        let mut form = ConferenceForm::with_default_rules();
        form.name = "Lakeside MARAC".into();
        form.sharing_protocol = "Lakeside Information Sharing Protocol 2026 (demo)".into();
        form.members = workers.iter().map(|a| a.agency_id.to_string()).collect();
        if let Some(area) = self
            .store
            .list_areas(&PageRequest::first(500))
            .await?
            .items
            .into_iter()
            .find(|a| a.name.contains("Lakeside"))
        {
            form.area_id = area.id.to_string();
        }
        let conference = self.create_conference(&coordinator, &form).await?;

        let today = self.today();
        let mut meetings = Vec::new();
        for (days, kind) in [
            (-84, "regular"),
            (-56, "regular"),
            (-40, "emergency"),
            (14, "regular"),
        ] {
            let meeting = self
                .schedule_conference_meeting(
                    &coordinator,
                    conference.id,
                    &ConferenceMeetingForm {
                        kind: kind.into(),
                        meets_on: (today + Duration::days(days)).to_string(),
                        chair: "DI Rosa Example".into(),
                    },
                )
                .await?;
            meetings.push(meeting);
        }

        let dash = self
            .current_instruments()
            .await?
            .into_iter()
            .find(|(row, _)| row.key == "dash")
            .map(|(_, i)| i);
        let Some(dash) = dash else {
            return Ok(false);
        };
        let yes_no: Vec<String> = dash
            .items
            .iter()
            .filter(|i| i.answer == AnswerKind::YesNo)
            .map(|i| i.id.clone())
            .collect();

        let mut listed = 0usize;
        let mut n = 0usize;
        'workers: for worker in &workers {
            let cases = self
                .caseload(worker, Caseload::MyAgency, &PageRequest::first(100))
                .await?;
            for item in cases.items {
                if listed >= DEMO_CONFERENCE_CASES {
                    break 'workers;
                }
                n += 1;
                // Two or three assessments, the last at or above 14 "yes"
                // for most, judgement for the rest.
                let rounds = 2 + n % 2;
                for round in 0..rounds {
                    // A month apart, the last a few weeks before the meetings.
                    let days_back = 100 + (n % 10) as i64 - 30 * round as i64;
                    let yes = 8 + round * 3 + n % 4;
                    let answers = yes_no
                        .iter()
                        .enumerate()
                        .map(|(i, id)| (id.clone(), if i < yes { "yes" } else { "no" }.to_string()))
                        .collect();
                    self.record_assessment(
                        worker,
                        item.case.id,
                        "dash",
                        &AssessmentForm {
                            answers,
                            survivor_view: ["high", "medium", "did_not_say"][n % 3].into(),
                            assessed_on: (today - Duration::days(days_back)).to_string(),
                            ..AssessmentForm::default()
                        },
                    )
                    .await?;
                }
                let referral = self
                    .refer_to_conference(
                        worker,
                        item.case.id,
                        &ConferenceReferralForm {
                            conference_id: conference.id.to_string(),
                            judgement_reason: if n.is_multiple_of(5) {
                                "Demo: escalating threats and recent separation.".into()
                            } else {
                                String::new()
                            },
                            children_in_household: (n % 4).to_string(),
                            survivor_told: "yes".into(),
                            referred_on: String::new(),
                        },
                    )
                    .await;
                let Ok(referral) = referral else {
                    continue;
                };
                self.screen_conference_referral(
                    &coordinator,
                    referral.id,
                    &ScreeningForm {
                        decision: "accept".into(),
                        reason: String::new(),
                    },
                )
                .await?;
                let meeting = &meetings[listed % meetings.len()];
                self.list_conference_referral(&coordinator, referral.id, meeting.id)
                    .await?;
                listed += 1;
            }
        }

        // The three past meetings were held: attendance, an observer, minutes.
        for meeting in &meetings[..3] {
            let attendance: Vec<AttendanceEntryForm> = actors
                .iter()
                .enumerate()
                .map(|(i, a)| AttendanceEntryForm {
                    agency_id: a.agency_id.to_string(),
                    attendance: if i == 3 && meeting.kind.as_str() == "emergency" {
                        "apologies".into()
                    } else {
                        "present".into()
                    },
                    representative: [
                        "Joan Keller",
                        "Amina Yusuf",
                        "Sgt. Daniel Mwangi",
                        "Nurse Priya Nair",
                    ][i]
                        .into(),
                })
                .collect();
            self.record_conference_attendance(&coordinator, meeting.id, &attendance)
                .await?;
            self.seed_demo_actions(&actors, meeting).await?;
            self.record_conference_observer(
                &coordinator,
                meeting.id,
                "Sam Example",
                "Regional training college",
                true,
            )
            .await?;
            self.close_conference_meeting(
                &coordinator,
                meeting.id,
                "Cases discussed in turn; research shared by each agency; actions agreed with owners and dates (demo).",
            )
            .await?;
        }
        self.store.put_setting(SEEDED_KEY, "1").await?;
        Ok(true)
    }

    /// Two actions per case heard at a meeting (the police and the shelter's
    /// advocate), most of them done by the next meeting, a few carried over.
    async fn seed_demo_actions(
        &self,
        actors: &[Actor],
        meeting: &concord_store::ConferenceMeetingRow,
    ) -> AppResult<()> {
        let (coordinator, shelter, police) = (&actors[0], &actors[1], &actors[2]);
        let agenda = self
            .conference_meeting_agenda(coordinator, meeting.id)
            .await?;
        for (i, case) in agenda.cases.iter().enumerate() {
            for (owner, description, days, done) in [
                (
                    police,
                    "Flag her address for an urgent police response (demo).",
                    7,
                    i % 3 != 0,
                ),
                (
                    shelter,
                    "Independent advocate to review the safety plan with her (demo).",
                    14,
                    i % 4 != 1,
                ),
            ] {
                let action = self
                    .raise_conference_action(
                        coordinator,
                        case.referral.id,
                        &ConferenceActionForm {
                            description: description.into(),
                            owner_agency_id: owner.agency_id.to_string(),
                            due_on: (meeting.meets_on + Duration::days(days)).to_string(),
                        },
                    )
                    .await?;
                if done {
                    self.update_conference_action(
                        owner,
                        action.id,
                        &ConferenceActionUpdateForm {
                            status: "done".into(),
                            note: "Done (demo).".into(),
                        },
                    )
                    .await?;
                }
            }
        }
        Ok(())
    }
}
