//! Conformance cases for coordination bodies and [`GovernanceStore`]: bodies
//! listed by level then name, body details, members and subgroups, meetings
//! closing once with their carry-overs, action updates from the expected
//! status only, instruments with versions, documents, signatories and
//! consultations, and self-assessment answers.

use super::*;
use crate::governance::*;
use concord_domain::governance::{
    BodyType, ContinuumStage, EcologicalLevel, EssentialAction, InstrumentKind, Leadership,
    Presence, VersionStatus,
};
use concord_domain::ids::{ActionId, InstrumentId, MeetingId};

/// This file's cases, one `#[tokio::test]` each in
/// [`conformance_tests!`](crate::conformance_tests).
#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_of_governance {
    ($fresh:expr) => {
        $crate::__conformance_cases!($fresh;
            bodies_list_by_level_then_name,
            body_with_missing_references_writes_nothing,
            governance_bodies_members_and_subgroups_round_trip,
            meetings_close_once_with_their_carry_overs,
            instruments_keep_versions_documents_and_signatures,
            assessment_answers_are_one_per_agency_and_round,
        );
    };
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

fn ev() -> NewAuditEvent {
    audit(AuditAction::MeetingUpdated)
}

/// A national body with a secretariat and a local body under it, in the
/// area of `user`'s agency, plus a second agency.
struct World {
    user: UserRow,
    other_agency: AgencyId,
    national: BodyRow,
    local: BodyRow,
}

async fn world(store: &dyn Store, name: &str) -> World {
    let user = with_user(store, name).await;
    let area_id = store
        .get_agency(user.agency_id)
        .await
        .unwrap()
        .unwrap()
        .area_ids[0];
    let other = agency(&format!("Other of {name}"), vec![area_id]);
    store
        .create_agency(&other, &audit(AuditAction::AgencyCreated))
        .await
        .unwrap();
    let mut national = body("Council", BodyLevel::National, area_id, None);
    national.secretariat_agency_id = Some(user.agency_id);
    let mut local = body("Forum", BodyLevel::Local, area_id, Some(national.id));
    local.secretariat_agency_id = Some(user.agency_id);
    local.escalate_after = 2;
    for b in [&national, &local] {
        store
            .create_body(b, &audit(AuditAction::CoordinationBodyCreated))
            .await
            .unwrap();
    }
    World {
        user,
        other_agency: other.id,
        national,
        local,
    }
}

fn member(body: BodyId, agency: AgencyId) -> MemberRow {
    MemberRow {
        body_id: body,
        agency_id: agency,
        representative: "Dr. Ada Example".into(),
        representative_title: Some("Director".into()),
        decision_authority: true,
        deputy: Some("Mr. Deputy".into()),
        chair: false,
        joined_on: day(2025, 1, 15),
        left_on: None,
        updated_at: at(10),
    }
}

fn meeting(body: BodyId, held_on: NaiveDate) -> MeetingRow {
    MeetingRow {
        id: MeetingId::new(),
        body_id: body,
        held_on,
        location: Some("Town hall".into()),
        agenda: vec!["Welcome".into(), "Pathway review".into()],
        decisions: vec![],
        minutes: None,
        closed_at: None,
        created_at: at(11),
    }
}

fn action(body: BodyId, meeting: Option<MeetingId>, owner: AgencyId) -> ActionRow {
    ActionRow {
        id: ActionId::new(),
        body_id: body,
        meeting_id: meeting,
        description: "Update the referral pathway".into(),
        owner_agency_id: owner,
        due_on: day(2026, 2, 1),
        status: ActionStatus::NotDone,
        note: None,
        ecological_level: Some(EcologicalLevel::Community),
        essential_action: Some(EssentialAction::SharedAgreementsAndSops),
        carry_overs: 0,
        escalated_to: None,
        escalated_at: None,
        created_at: at(12),
        updated_at: at(12),
    }
}

fn instrument(body: BodyId) -> (InstrumentRow, VersionRow) {
    let instrument = InstrumentRow {
        id: InstrumentId::new(),
        body_id: body,
        kind: InstrumentKind::InformationSharingProtocol,
        title: "Information sharing protocol".into(),
        essential_actions: vec![
            EssentialAction::SharedAgreementsAndSops,
            EssentialAction::LawAndPolicy,
        ],
        created_at: at(13),
    };
    let first = version(instrument.id, 1, VersionStatus::Draft);
    (instrument, first)
}

fn version(instrument: InstrumentId, number: i32, status: VersionStatus) -> VersionRow {
    VersionRow {
        id: Uuid::now_v7(),
        instrument_id: instrument,
        number,
        status,
        effective_on: None,
        review_on: None,
        summary: Some(format!("version {number}")),
        document: None,
        created_at: at(14),
        updated_at: at(14),
    }
}

fn document(version: Uuid) -> DocumentRow {
    DocumentRow {
        version_id: version,
        info: DocumentInfo {
            file_name: "protocol.pdf".into(),
            content_type: "application/pdf".into(),
            size: 9,
            sha256: "ab".repeat(32),
            uploaded_at: at(15),
        },
        content: b"%PDF-\xff\x00\x01\x02".to_vec(),
    }
}

/// Fills every governance table (for the copy tests).
pub async fn populate_governance(store: &dyn Store, user: &UserRow) {
    let area_id = store
        .get_agency(user.agency_id)
        .await
        .unwrap()
        .unwrap()
        .area_ids[0];
    let mut b = body("Governed", BodyLevel::Local, area_id, None);
    b.secretariat_agency_id = Some(user.agency_id);
    store
        .create_body(&b, &audit(AuditAction::CoordinationBodyCreated))
        .await
        .unwrap();
    store
        .put_member(&member(b.id, user.agency_id), &ev())
        .await
        .unwrap();
    store
        .put_subgroup(
            &SubgroupRow {
                id: Uuid::now_v7(),
                body_id: b.id,
                name: "Health subgroup".into(),
                remit: None,
                chair_agency_id: user.agency_id,
                chair_name: "Nurse Lead".into(),
                created_at: at(20),
            },
            &ev(),
        )
        .await
        .unwrap();
    let first = meeting(b.id, day(2026, 1, 5));
    store.create_meeting(&first, &ev()).await.unwrap();
    let a = action(b.id, Some(first.id), user.agency_id);
    store.create_action(&a, &ev()).await.unwrap();
    store
        .close_meeting(
            &MeetingClosure {
                meeting_id: first.id,
                closed_at: at(21),
                absent: vec![AttendanceRow {
                    meeting_id: first.id,
                    agency_id: user.agency_id,
                    presence: Presence::Absent,
                    attendee: None,
                }],
                carried: vec![],
                reviews: vec![ActionReviewRow {
                    meeting_id: first.id,
                    action_id: a.id,
                    status: ActionStatus::NotDone,
                    carry_overs: 0,
                    escalated: false,
                }],
            },
            &ev(),
        )
        .await
        .unwrap();
    let (i, v) = instrument(b.id);
    store.create_instrument(&i, &v, &ev()).await.unwrap();
    store.put_document(&document(v.id), &ev()).await.unwrap();
    store
        .add_signatory(
            &SignatoryRow {
                id: Uuid::now_v7(),
                version_id: v.id,
                agency_id: user.agency_id,
                signed_by: "Director".into(),
                signed_on: day(2026, 1, 6),
            },
            &ev(),
        )
        .await
        .unwrap();
    store
        .add_consultation(
            &ConsultationRow {
                id: Uuid::now_v7(),
                version_id: v.id,
                consultee: "Survivors' forum".into(),
                agency_id: None,
                survivors_representative: true,
                consulted_on: day(2026, 1, 2),
                summary: Some("Asked for plain language.".into()),
            },
            &ev(),
        )
        .await
        .unwrap();
    let round = AssessmentRoundRow {
        id: Uuid::now_v7(),
        body_id: b.id,
        title: "2026".into(),
        opened_on: day(2026, 1, 1),
        created_at: at(22),
    };
    store.create_assessment_round(&round, &ev()).await.unwrap();
    store
        .put_assessment_answer(
            &AssessmentAnswerRow {
                round_id: round.id,
                agency_id: user.agency_id,
                stage: ContinuumStage::Coordination,
                climate: 3,
                infrastructure: 2,
                activities: 4,
                outcomes: 2,
                answered_by: user.id,
                answered_at: at(23),
            },
            &ev(),
        )
        .await
        .unwrap();
}

// -------------------------------------------------------------------- cases

pub async fn bodies_list_by_level_then_name(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("BX", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let national = body("National Council", BodyLevel::National, country.id, None);
    // Created parent first, but in no particular order otherwise.
    let bodies = [
        national.clone(),
        body("Zone Board", BodyLevel::Local, country.id, None),
        body(
            "North Forum",
            BodyLevel::Regional,
            country.id,
            Some(national.id),
        ),
        body(
            "East Forum",
            BodyLevel::Regional,
            country.id,
            Some(national.id),
        ),
        body("Alpha Board", BodyLevel::Local, country.id, None),
    ];
    for b in &bodies {
        store
            .create_body(b, &audit(AuditAction::CoordinationBodyCreated))
            .await
            .unwrap();
    }
    assert_last_audit(&*store, AuditAction::CoordinationBodyCreated).await;
    let names: Vec<String> = store
        .list_bodies()
        .await
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(
        names,
        [
            "National Council",
            "East Forum",
            "North Forum",
            "Alpha Board",
            "Zone Board"
        ]
    );
    let listed = store.list_bodies().await.unwrap();
    assert!(listed.contains(&bodies[2]), "rows round-trip");
}

pub async fn body_with_missing_references_writes_nothing(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let country = area("BX", None);
    store
        .create_area(&country, &audit(AuditAction::AreaCreated))
        .await
        .unwrap();
    let no_area = body("Lost", BodyLevel::National, AreaId::new(), None);
    assert_missing(
        store
            .create_body(&no_area, &audit(AuditAction::CoordinationBodyCreated))
            .await,
        "area_id",
    );
    let no_parent = body("Orphan", BodyLevel::Local, country.id, Some(BodyId::new()));
    assert_missing(
        store
            .create_body(&no_parent, &audit(AuditAction::CoordinationBodyCreated))
            .await,
        "parent_id",
    );
    assert!(store.list_bodies().await.unwrap().is_empty());
    assert_eq!(audit_count(&*store).await, 1);
}

pub async fn governance_bodies_members_and_subgroups_round_trip(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store, "gov1").await;
    assert_eq!(store.get_body(w.local.id).await.unwrap().unwrap(), w.local);
    assert_eq!(store.get_body(BodyId::new()).await.unwrap(), None);

    let mut changed = w.local.clone();
    changed.body_type = BodyType::RiskConference;
    changed.leadership = Leadership::SharedStateNgo;
    changed.escalate_after = 4;
    changed.remit = Some("Multi-agency risk conference".into());
    changed.secretariat_agency_id = Some(w.other_agency);
    store.update_body(&changed, &ev()).await.unwrap();
    assert_eq!(store.get_body(w.local.id).await.unwrap().unwrap(), changed);
    let mut ghost = changed.clone();
    ghost.id = BodyId::new();
    assert!(matches!(
        store.update_body(&ghost, &ev()).await,
        Err(StoreError::NotFound)
    ));
    let before = counts(&*store).await;
    let mut bad = changed.clone();
    bad.secretariat_agency_id = Some(AgencyId::new());
    assert_missing(
        store.update_body(&bad, &ev()).await,
        "secretariat_agency_id",
    );
    let mut bad = changed.clone();
    bad.parent_id = Some(BodyId::new());
    assert_missing(store.update_body(&bad, &ev()).await, "parent_id");
    assert_missing(
        store
            .put_member(&member(w.local.id, AgencyId::new()), &ev())
            .await,
        "agency_id",
    );
    assert_missing(
        store
            .put_member(&member(BodyId::new(), w.user.agency_id), &ev())
            .await,
        "body_id",
    );
    assert_eq!(counts(&*store).await, before, "nothing written");

    // Members are upserted per agency; former members stay listed.
    let mut first = member(w.local.id, w.user.agency_id);
    store.put_member(&first, &ev()).await.unwrap();
    let mut second = member(w.local.id, w.other_agency);
    second.joined_on = day(2024, 6, 1);
    store.put_member(&second, &ev()).await.unwrap();
    first.chair = true;
    first.deputy = None;
    store.put_member(&first, &ev()).await.unwrap();
    second.left_on = Some(day(2026, 1, 1));
    store.put_member(&second, &ev()).await.unwrap();
    assert_eq!(
        store.list_members(w.local.id).await.unwrap(),
        vec![second.clone(), first.clone()]
    );
    assert!(store.list_members(w.national.id).await.unwrap().is_empty());

    let mut subgroup = SubgroupRow {
        id: Uuid::now_v7(),
        body_id: w.local.id,
        name: "Justice".into(),
        remit: Some("Courts and police".into()),
        chair_agency_id: w.other_agency,
        chair_name: "Judge Example".into(),
        created_at: at(30),
    };
    store.put_subgroup(&subgroup, &ev()).await.unwrap();
    subgroup.name = "Justice and policing".into();
    store.put_subgroup(&subgroup, &ev()).await.unwrap();
    let health = SubgroupRow {
        id: Uuid::now_v7(),
        name: "Health".into(),
        ..subgroup.clone()
    };
    store.put_subgroup(&health, &ev()).await.unwrap();
    assert_eq!(
        store.list_subgroups(w.local.id).await.unwrap(),
        vec![health.clone(), subgroup.clone()]
    );
    let moved = SubgroupRow {
        body_id: w.national.id,
        ..subgroup.clone()
    };
    assert!(matches!(
        store.put_subgroup(&moved, &ev()).await,
        Err(StoreError::NotFound)
    ));
    assert_missing(
        store
            .put_subgroup(
                &SubgroupRow {
                    id: Uuid::now_v7(),
                    chair_agency_id: AgencyId::new(),
                    ..health
                },
                &ev(),
            )
            .await,
        "chair_agency_id",
    );
}

pub async fn meetings_close_once_with_their_carry_overs(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store, "gov2").await;
    let owner = w.user.agency_id;
    let mut january = meeting(w.local.id, day(2026, 1, 10));
    store.create_meeting(&january, &ev()).await.unwrap();
    let february = meeting(w.local.id, day(2026, 2, 10));
    store.create_meeting(&february, &ev()).await.unwrap();
    assert_eq!(
        store.list_meetings(w.local.id).await.unwrap(),
        vec![february.clone(), january.clone()],
        "newest first"
    );
    january.decisions = vec!["Adopt the protocol".into()];
    january.minutes = Some("Quorate.\nAll agreed.".into());
    store.update_meeting(&january, &ev()).await.unwrap();
    let present = AttendanceRow {
        meeting_id: january.id,
        agency_id: owner,
        presence: Presence::Present,
        attendee: Some("Dr. Ada Example".into()),
    };
    store
        .put_attendance(january.id, std::slice::from_ref(&present), &ev())
        .await
        .unwrap();

    let old = action(w.local.id, None, owner);
    let raised = action(w.local.id, Some(january.id), w.other_agency);
    for a in [&old, &raised] {
        store.create_action(a, &ev()).await.unwrap();
    }
    assert_missing(
        store
            .create_action(&action(w.local.id, Some(MeetingId::new()), owner), &ev())
            .await,
        "meeting_id",
    );
    assert_missing(
        store
            .create_action(&action(w.local.id, None, AgencyId::new()), &ev())
            .await,
        "owner_agency_id",
    );

    let carried = ActionRow {
        carry_overs: 2,
        escalated_to: Some(w.national.id),
        escalated_at: Some(at(40)),
        updated_at: at(40),
        ..old.clone()
    };
    let absent = AttendanceRow {
        meeting_id: january.id,
        agency_id: w.other_agency,
        presence: Presence::Absent,
        attendee: None,
    };
    let review = ActionReviewRow {
        meeting_id: january.id,
        action_id: old.id,
        status: ActionStatus::NotDone,
        carry_overs: 2,
        escalated: true,
    };
    let closure = MeetingClosure {
        meeting_id: january.id,
        closed_at: at(41),
        absent: vec![absent.clone()],
        carried: vec![carried.clone()],
        reviews: vec![review.clone()],
    };
    store.close_meeting(&closure, &ev()).await.unwrap();
    let closed = store.get_meeting(january.id).await.unwrap().unwrap();
    assert_eq!(closed.closed_at, Some(at(41)));
    assert_eq!(closed.minutes, january.minutes);
    assert_eq!(store.get_action(old.id).await.unwrap().unwrap(), carried);
    assert_eq!(
        store.list_action_reviews(w.local.id).await.unwrap(),
        vec![review]
    );
    let mut attendance = store.list_attendance(w.local.id).await.unwrap();
    attendance.sort_by_key(|a| a.agency_id);
    let mut expected = vec![present, absent];
    expected.sort_by_key(|a| a.agency_id);
    assert_eq!(attendance, expected);
    // The parent body sees the escalated action too.
    assert_eq!(
        store.list_actions(w.national.id).await.unwrap(),
        vec![carried.clone()]
    );
    assert_eq!(store.list_actions(w.local.id).await.unwrap().len(), 2);

    // A closed meeting changes no more.
    let before = counts(&*store).await;
    assert!(matches!(
        store.close_meeting(&closure, &ev()).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store.update_meeting(&january, &ev()).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store.put_attendance(january.id, &[], &ev()).await,
        Err(StoreError::Conflict)
    ));
    assert!(matches!(
        store.put_attendance(MeetingId::new(), &[], &ev()).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(counts(&*store).await, before, "nothing written");

    // Actions change only from the status the caller saw.
    let done = ActionRow {
        status: ActionStatus::Done,
        note: Some("Pathway reprinted".into()),
        updated_at: at(50),
        ..raised.clone()
    };
    store
        .update_action(&done, ActionStatus::NotDone, &ev())
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_action(&done, ActionStatus::NotDone, &ev())
            .await,
        Err(StoreError::Conflict)
    ));
    assert_eq!(store.get_action(raised.id).await.unwrap().unwrap(), done);
    let ghost = ActionRow {
        id: ActionId::new(),
        ..done
    };
    assert!(matches!(
        store.update_action(&ghost, ActionStatus::Done, &ev()).await,
        Err(StoreError::NotFound)
    ));
}

pub async fn instruments_keep_versions_documents_and_signatures(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store, "gov3").await;
    let (mut i, first) = instrument(w.local.id);
    store.create_instrument(&i, &first, &ev()).await.unwrap();
    assert_eq!(store.get_instrument(i.id).await.unwrap().unwrap(), i);
    i.title = "Information sharing protocol (Lakeside)".into();
    i.essential_actions = vec![EssentialAction::SharedAgreementsAndSops];
    store.update_instrument(&i, &ev()).await.unwrap();
    assert_eq!(
        store
            .list_instruments(&[w.local.id, w.national.id])
            .await
            .unwrap(),
        vec![i.clone()]
    );
    assert!(store.list_instruments(&[]).await.unwrap().is_empty());

    // The first version comes into force; the second supersedes it.
    let in_force = VersionRow {
        status: VersionStatus::InForce,
        effective_on: Some(day(2026, 1, 1)),
        review_on: Some(day(2027, 1, 1)),
        updated_at: at(60),
        ..first.clone()
    };
    store
        .update_version(&in_force, VersionStatus::Draft, &[], &ev())
        .await
        .unwrap();
    assert!(matches!(
        store
            .update_version(&in_force, VersionStatus::Draft, &[], &ev())
            .await,
        Err(StoreError::Conflict)
    ));
    let second = version(i.id, 2, VersionStatus::Consultation);
    store.add_version(&second, &ev()).await.unwrap();
    assert_duplicate(
        store
            .add_version(&version(i.id, 2, VersionStatus::Draft), &ev())
            .await,
        "number",
    );
    assert_missing(
        store
            .add_version(
                &version(InstrumentId::new(), 1, VersionStatus::Draft),
                &ev(),
            )
            .await,
        "instrument_id",
    );
    store
        .put_document(&document(second.id), &ev())
        .await
        .unwrap();
    let mut replaced = document(second.id);
    replaced.content = b"%PDF-1.7 replaced".to_vec();
    replaced.info.size = replaced.content.len() as i64;
    store.put_document(&replaced, &ev()).await.unwrap();
    assert_eq!(
        store.get_document(second.id).await.unwrap().unwrap(),
        replaced
    );
    assert_eq!(store.get_document(first.id).await.unwrap(), None);
    let second_in_force = VersionRow {
        status: VersionStatus::InForce,
        effective_on: Some(day(2026, 6, 1)),
        review_on: Some(day(2027, 6, 1)),
        updated_at: at(61),
        ..second.clone()
    };
    store
        .update_version(
            &second_in_force,
            VersionStatus::Consultation,
            &[(first.id, VersionStatus::Revised)],
            &ev(),
        )
        .await
        .unwrap();
    let versions = store.list_versions(&[i.id]).await.unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].status, VersionStatus::Revised);
    assert_eq!(versions[0].document, None);
    assert_eq!(
        versions[1],
        VersionRow {
            document: Some(replaced.info.clone()),
            ..second_in_force
        }
    );

    let sign = |agency: AgencyId, on: NaiveDate| SignatoryRow {
        id: Uuid::now_v7(),
        version_id: second.id,
        agency_id: agency,
        signed_by: "Head of agency".into(),
        signed_on: on,
    };
    let late = sign(w.user.agency_id, day(2026, 5, 20));
    let early = sign(w.other_agency, day(2026, 5, 10));
    store.add_signatory(&late, &ev()).await.unwrap();
    store.add_signatory(&early, &ev()).await.unwrap();
    assert_missing(
        store
            .add_signatory(&sign(AgencyId::new(), day(2026, 5, 1)), &ev())
            .await,
        "agency_id",
    );
    assert_eq!(
        store
            .list_signatories(&[first.id, second.id])
            .await
            .unwrap(),
        vec![early, late]
    );
    let consultation = ConsultationRow {
        id: Uuid::now_v7(),
        version_id: second.id,
        consultee: "Survivors' advisory group".into(),
        agency_id: Some(w.other_agency),
        survivors_representative: true,
        consulted_on: day(2026, 4, 1),
        summary: None,
    };
    store.add_consultation(&consultation, &ev()).await.unwrap();
    assert_eq!(
        store.list_consultations(&[second.id]).await.unwrap(),
        vec![consultation]
    );
}

pub async fn assessment_answers_are_one_per_agency_and_round(fresh: &Fresh) {
    let f = fresh.fixture().await;
    let store = f.store();
    let w = world(&*store, "gov4").await;
    let round = |title: &str, opened_on| AssessmentRoundRow {
        id: Uuid::now_v7(),
        body_id: w.local.id,
        title: title.into(),
        opened_on,
        created_at: at(70),
    };
    let spring = round("Spring", day(2026, 3, 1));
    let autumn = round("Autumn", day(2025, 9, 1));
    store.create_assessment_round(&spring, &ev()).await.unwrap();
    store.create_assessment_round(&autumn, &ev()).await.unwrap();
    assert_eq!(
        store.list_assessment_rounds(w.local.id).await.unwrap(),
        vec![autumn.clone(), spring.clone()]
    );
    let answer = |round: &AssessmentRoundRow, stage, climate| AssessmentAnswerRow {
        round_id: round.id,
        agency_id: w.user.agency_id,
        stage,
        climate,
        infrastructure: 2,
        activities: 3,
        outcomes: 4,
        answered_by: w.user.id,
        answered_at: at(71),
    };
    store
        .put_assessment_answer(&answer(&spring, ContinuumStage::Networking, 1), &ev())
        .await
        .unwrap();
    let replaced = answer(&spring, ContinuumStage::Cooperation, 5);
    store.put_assessment_answer(&replaced, &ev()).await.unwrap();
    let first = answer(&autumn, ContinuumStage::Networking, 2);
    store.put_assessment_answer(&first, &ev()).await.unwrap();
    assert_eq!(
        store.list_assessment_answers(w.local.id).await.unwrap(),
        vec![first, replaced]
    );
    assert_missing(
        store
            .put_assessment_answer(
                &AssessmentAnswerRow {
                    round_id: Uuid::now_v7(),
                    ..answer(&spring, ContinuumStage::Networking, 1)
                },
                &ev(),
            )
            .await,
        "round_id",
    );
}
