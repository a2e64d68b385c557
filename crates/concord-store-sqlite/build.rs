// `sqlx::migrate!()` embeds the migrations folder at compile time; without this, a new
// migration file would not rebuild the crate and tests would run the old schema.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
