# Statistics releases (issue 13 §4): the signer's role and the home-page
# notices of the agencies that sign releases off.

statistics-release-signed-as = Signed as
home-statistics-releases = Statistics releases
home-statistics-awaiting = { $count ->
    [one] One statistics release awaits your agency's sign-off.
   *[other] { $count } statistics releases await your agency's sign-off.
}
home-statistics-published = { $count ->
    [one] One statistics release your agency signed was published in the last { $days } days.
   *[other] { $count } statistics releases your agency signed were published in the last { $days } days.
}
home-statistics-release-line = { $period } — { $area }
