//! Incidents and their GBVIMS classification (DOMAIN.md §6): one survivor
//! and exactly one core type per incident, context flags beside the type,
//! and the derived fields statistics are built from (age group, reporting
//! delay). Classification never restricts which services may be offered; it
//! only makes incidents countable the same way everywhere.

mod age;
mod classification;
mod clinical;
mod delay;
mod form;
mod perpetrator;
mod violence_forms;

pub use age::{AgeGroup, AgeRange, BirthRange, age_group_on, age_on};
pub use classification::{
    ClassificationAnswers, ContextFlag, GbvType, QUESTIONS, QuestionKey, Step, classify,
    next_question,
};
pub use clinical::{ClinicalCare, ClinicalWindow, clinical_windows, incident_instant};
pub use delay::{ReportingDelay, reporting_delay};
pub use form::{IncidentForm, IncidentInput};
pub use perpetrator::{PerpetratorAgeGroup, PerpetratorRelationship, PerpetratorSex};
pub use violence_forms::{
    Exploitation, FormOfViolence, NOT_RECORDED, ViolenceForms, form_categories,
};
