//! The national country's survivors, cases and referrals, made by a few
//! writers at once through the same use cases as the demo district's
//! (`seed_one_case`, `seed_one_referral`): register, incident, note,
//! consents, case steps; referrals in every state to the demo district's
//! services. Most agencies get few cases, a few get many.

use crate::app::App;
use crate::demo_cases::Dice;
use crate::error::AppResult;
use crate::national::Country;
use chrono::Duration;
use concord_domain::ids::AgencyId;
use concord_domain::referral::{ReferralState, Urgency};
use concord_domain::role::Role;
use concord_store::{CaseListFilter, CaseRow, PageRequest, ServiceRow, UserRow};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writers at once: enough to keep PostgreSQL busy; SQLite serialises
/// them anyway.
const WRITERS: usize = 8;
/// Cases made between progress reports.
const PROGRESS_EVERY: usize = 100;

/// Which case worker registers case `n`: half of all cases go to the bench
/// case worker (the largest agency); the rest fall on the others with a
/// cubic skew, so most agencies stay small and a few grow large.
pub(crate) fn worker_for(n: usize, workers: usize) -> usize {
    let mut dice = Dice(n as u64 ^ 0x5eed);
    if workers <= 1 || dice.next(2) == 0 {
        return 0;
    }
    let u = dice.next(1_000_000) as f64 / 1_000_000.0;
    1 + ((u * u * u) * (workers - 1) as f64) as usize
}

impl App {
    pub(crate) async fn seed_national_cases(
        self: &Arc<Self>,
        country: &Country,
        cases: usize,
        progress: Arc<dyn Fn(usize) + Send + Sync>,
    ) -> AppResult<usize> {
        let next = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let actors: Arc<Vec<_>> = Arc::new(
            country
                .workers
                .iter()
                .map(crate::signed_in::actor_of)
                .collect(),
        );
        let partners = Arc::new(partners_of(country));
        let today = self.today();
        let mut writers = tokio::task::JoinSet::new();
        for _ in 0..WRITERS {
            let (app, next, done) = (self.clone(), next.clone(), done.clone());
            let (actors, partners, progress) = (actors.clone(), partners.clone(), progress.clone());
            writers.spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= cases {
                        return AppResult::Ok(());
                    }
                    let w = worker_for(n, actors.len());
                    let mut dice = Dice(n as u64);
                    app.seed_one_case(&actors[w], &partners[w], &mut dice, today, n)
                        .await?;
                    let made = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if made.is_multiple_of(PROGRESS_EVERY) || made == cases {
                        progress(made);
                    }
                }
            });
        }
        while let Some(result) = writers.join_next().await {
            result.map_err(|e| crate::error::AppError::Internal(e.to_string()))??;
        }
        Ok(done.load(Ordering::Relaxed))
    }

    /// `count` referrals from the national case workers' cases to the demo
    /// district's services, in every state, spread over the last 60 days.
    pub(crate) async fn seed_national_referrals(
        &self,
        country: &Country,
        count: usize,
    ) -> AppResult<usize> {
        let targets = self.demo_referral_targets().await?;
        if targets.is_empty() {
            return Ok(0);
        }
        let now = self.clock.now();
        let mut cases_of: Vec<Vec<CaseRow>> = Vec::with_capacity(country.workers.len());
        for worker in &country.workers {
            cases_of.push(self.first_cases_of(worker.agency_id, now).await?);
        }
        let mut made = 0;
        for n in 0..count {
            let w = worker_for(n, country.workers.len());
            let (sender, cases) = (&country.workers[w], &cases_of[w]);
            if cases.is_empty() {
                continue;
            }
            let (service, receiver) = &targets[n % targets.len()];
            self.seed_one_referral(
                &cases[(n / country.workers.len()) % cases.len()],
                sender.id,
                sender.agency_id,
                Some(receiver.id),
                receiver.agency_id,
                service.id,
                Urgency::ALL[(n / 3) % 3],
                ReferralState::ALL[n % ReferralState::ALL.len()],
                now - Duration::hours(2 + (n as i64 * 37) % (60 * 24)),
            )
            .await?;
            made += 1;
        }
        Ok(made)
    }

    async fn first_cases_of(
        &self,
        agency: AgencyId,
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<Vec<CaseRow>> {
        let filter = CaseListFilter {
            for_agency: agency,
            shared: false,
            assigned_to: None,
            status: None,
            now,
        };
        let page = self
            .store
            .list_cases(&filter, &PageRequest::first(PageRequest::MAX_LIMIT))
            .await?;
        Ok(page.items.into_iter().map(|i| i.case).collect())
    }

    /// The demo district's services that take referrals, each with a case
    /// worker of its agency to answer.
    async fn demo_referral_targets(&self) -> AppResult<Vec<(ServiceRow, UserRow)>> {
        let directory = self.store.export_directory().await?;
        let mut targets = Vec::new();
        for service in directory
            .services
            .into_iter()
            .filter(|s| s.accepts_referrals)
        {
            let Some(agency) = directory
                .organizations
                .iter()
                .find(|o| o.id == service.organization_id)
                .and_then(|o| o.agency_id)
            else {
                continue;
            };
            if let Some(receiver) = self.a_case_worker_of(agency).await? {
                targets.push((service, receiver));
            }
        }
        Ok(targets)
    }

    async fn a_case_worker_of(&self, agency: AgencyId) -> AppResult<Option<UserRow>> {
        for username in ["shelter.caseworker", "police.officer", "hospital.nurse"] {
            if let Some(user) = self.store.find_user_by_username(username).await?
                && user.agency_id == agency
                && user.roles.contains(&Role::Caseworker)
            {
                return Ok(Some(user));
            }
        }
        Ok(None)
    }
}

/// For each worker, the other agencies of her district: where her cases'
/// consents point.
fn partners_of(country: &Country) -> Vec<Vec<AgencyId>> {
    country
        .workers
        .iter()
        .map(|worker| {
            country
                .district_agencies
                .iter()
                .find(|agencies| agencies.contains(&worker.agency_id))
                .map(|agencies| agencies.iter().take(8).copied().collect())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::worker_for;

    #[test]
    fn half_of_the_cases_go_to_the_bench_case_worker_and_most_others_stay_small() {
        let workers = 101;
        let mut counts = vec![0usize; workers];
        for n in 0..100_000 {
            counts[worker_for(n, workers)] += 1;
        }
        let bench = counts[0] as f64 / 100_000.0;
        assert!((0.48..0.52).contains(&bench), "bench share {bench}");
        let mut others = counts[1..].to_vec();
        others.sort_unstable();
        let median = others[others.len() / 2];
        let largest = others[others.len() - 1];
        assert!(largest > 10 * median, "largest {largest}, median {median}");
        assert!(counts.iter().all(|&c| c > 0), "every worker has a case");
    }

    #[test]
    fn a_single_worker_gets_every_case() {
        assert!((0..1000).all(|n| worker_for(n, 1) == 0));
    }
}
