//! Who records protection orders and their breaches: the agencies that
//! make, serve and enforce them — police and courts (by sector, as for the
//! justice chain's steps). Every other agency reads them through the case
//! access decision under the `justice` category.

use crate::agency::Sector;

/// The sectors whose agencies record orders and breaches.
pub const ORDER_RECORDING_SECTORS: [Sector; 2] = [Sector::Police, Sector::Judiciary];

/// Whether an agency of `sector` records orders and breaches.
pub fn may_record_orders(sector: Sector) -> bool {
    ORDER_RECORDING_SECTORS.contains(&sector)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn police_and_courts_record_orders_nobody_else() {
        for sector in Sector::ALL {
            assert_eq!(
                may_record_orders(sector),
                matches!(sector, Sector::Police | Sector::Judiciary),
                "{sector}"
            );
        }
    }
}
