//! The service directory, modelled on the Open Referral Human Services
//! Data Specification (HSDS) 3.0 core objects: organizations (a member
//! agency or an outside provider), their services, the locations where
//! services are delivered, and which service is offered where. Services
//! are classified by the ESP essential services (DOMAIN.md §3) plus local
//! terms, and each carries when it was last verified, so stale entries
//! can be flagged.

pub mod form;
pub mod history;
pub mod ownership;
pub mod pathway;
pub mod taxonomy;

pub use form::{
    HsdsIds, LocationDetails, LocationForm, LocationInput, OrganizationDetails, OrganizationForm,
    OrganizationInput, ServiceDetails, ServiceForm, ServiceInput, ServiceStatus, TermForm,
    TermInput, is_stale,
};
pub use pathway::{PathwayRow, SectorPathway, pathway};
pub use taxonomy::{EspSector, EssentialService, is_local_code};
