//! A conference's quarterly dataset and its CSV export, for its
//! coordinators. Aggregates only: no reference, name or date of anyone.

use crate::app::App;
use crate::error::{AppError, AppResult};
use concord_domain::access::Actor;
use concord_domain::agency::Sector;
use concord_domain::ids::AgencyId;
use concord_domain::ids::ConferenceId;
use concord_domain::risk::conference::MeetingStatus;
use concord_domain::risk::dataset::{DiscussedCase, Quarter, QuarterlyDataset, quarterly_dataset};
use concord_store::ConferenceRow;
use std::collections::{BTreeMap, BTreeSet};

/// What a conference's quarterly dataset is counted from.
pub(crate) struct QuarterFacts {
    pub discussed: Vec<DiscussedCase>,
    pub referral_sectors: Vec<Sector>,
    /// The agencies whose records were counted.
    pub contributors: BTreeSet<AgencyId>,
}

impl App {
    /// The dataset of a quarter (`2026-Q1`): cases discussed at the
    /// conference's meetings closed that quarter, and referrals received in it.
    pub async fn conference_dataset(
        &self,
        actor: &Actor,
        conference: ConferenceId,
        quarter: &str,
    ) -> AppResult<(Quarter, QuarterlyDataset)> {
        let conference = self
            .conference_for_coordinator(actor, conference, false)
            .await?;
        let quarter = Quarter::parse(quarter)?;
        let facts = self.conference_quarter_facts(&conference, quarter).await?;
        Ok((
            quarter,
            quarterly_dataset(&facts.discussed, &facts.referral_sectors),
        ))
    }

    /// What a conference's dataset of a quarter counts: the cases discussed
    /// at its meetings closed that quarter, the sectors of the agencies
    /// whose referrals it received in the quarter, and every agency whose
    /// records fed either (the referring agencies and, when anything was
    /// counted, the coordinating agency). No authorisation: the callers
    /// decide who may see what this becomes.
    pub(crate) async fn conference_quarter_facts(
        &self,
        conference: &ConferenceRow,
        quarter: Quarter,
    ) -> AppResult<QuarterFacts> {
        let meetings: Vec<_> = self
            .store
            .list_conference_meetings(conference.id)
            .await?
            .into_iter()
            .filter(|m| {
                m.meeting.status == MeetingStatus::Closed && quarter.contains(m.meeting.meets_on)
            })
            .map(|m| m.meeting.id)
            .collect();
        let referrals = self
            .store
            .list_conference_referrals(conference.id, &[])
            .await?;
        let mut sectors = BTreeMap::new();
        let mut referral_sectors = Vec::new();
        let mut discussed = Vec::new();
        let mut contributors = BTreeSet::new();
        for item in &referrals {
            let r = &item.referral;
            if quarter.contains(r.referred_on) && r.transferred_from.is_none() {
                let sector = match sectors.get(&r.referring_agency) {
                    Some(sector) => *sector,
                    None => {
                        let agency = self
                            .store
                            .get_agency(r.referring_agency)
                            .await?
                            .ok_or(AppError::NotFound)?;
                        sectors.insert(r.referring_agency, agency.sector);
                        agency.sector
                    }
                };
                referral_sectors.push(sector);
                contributors.insert(r.referring_agency);
            }
            if r.meeting_id.is_some_and(|m| meetings.contains(&m)) {
                let survivor = self
                    .store
                    .get_survivor(r.survivor_id)
                    .await?
                    .ok_or(AppError::NotFound)?;
                contributors.insert(r.referring_agency);
                discussed.push(DiscussedCase {
                    repeat: r.repeat,
                    children_in_household: u32::try_from(r.children_in_household).unwrap_or(0),
                    sex_gender: survivor.sex_gender,
                    disability: survivor.disability,
                    // Her group when referred, not when registered.
                    age_group: self.survivor_group_on(&survivor, r.referred_on).await?,
                    displacement: survivor.displacement,
                });
            }
        }
        if !contributors.is_empty() {
            contributors.insert(conference.coordinating_agency);
        }
        Ok(QuarterFacts {
            discussed,
            referral_sectors,
            contributors,
        })
    }

    /// The dataset as CSV (`quarter,measure,value`), as it leaves Concord:
    /// every figure in it suppressed together under the deployment's policy
    /// (small cells, the zeros beside them and their complements), so that
    /// no hidden count can be worked out from what is published. The
    /// coordinators' own view ([`App::conference_dataset`]) stays exact.
    pub async fn conference_dataset_csv(
        &self,
        actor: &Actor,
        conference: ConferenceId,
        quarter: &str,
    ) -> AppResult<String> {
        let (quarter, dataset) = self.conference_dataset(actor, conference, quarter).await?;
        let mut writer = csv::Writer::from_writer(Vec::new());
        let internal = |e: csv::Error| AppError::Internal(e.to_string());
        writer
            .write_record(["quarter", "measure", "value"])
            .map_err(internal)?;
        let rows = dataset
            .published_rows(self.config.small_cells)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        for (measure, value) in rows {
            writer
                .write_record([quarter.to_string(), measure, value])
                .map_err(internal)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| AppError::Internal(e.to_string()))
    }
}
