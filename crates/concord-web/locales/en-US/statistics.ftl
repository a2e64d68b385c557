# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Statistics
statistics-title = Statistics
statistics-incidents-title = Incident statistics (GBVIMS)
statistics-incidents-intro = Gender-based violence incidents by area and period, with a breakdown. Choose an area in the table to see the areas below it.
statistics-show = Show
statistics-period-hint = A month (2026-11), a quarter (2026-Q4) or a year (2026), in local calendar time.
statistics-drill-path = Areas from the nation down
statistics-and-areas-below = and the areas below it
statistics-total = All counted incidents
statistics-at-this-level = Recorded at this area itself, in no area below it
statistics-month = Month
statistics-suppressed = suppressed
statistics-suppressed-note = These figures combine agencies, so small counts (1 to { $threshold } less one) are shown as "suppressed", and so are other figures from which a small count could be worked out.
statistics-exact-note = These are your own agency's figures, exactly. They are not for publication: anything shared beyond your agency is suppressed.
statistics-chart-caption = { $breakdown }: { $area }, { $period }.
statistics-chart-same-as-table = The table above gives the same figures.
statistics-trend-caption = Counted incidents by month
statistics-definition-title = What is counted
statistics-suppression-explained = Exact figures never leave the agency that holds the records. Wherever agencies are combined, or figures are shown to analysts, secretariats or coordinators, small counts are suppressed together across every level and breakdown of the period, so a hidden district figure cannot be worked out from its neighbours, its region or another breakdown.

field-agencies = Agencies
field-period = Period
field-breakdown = Breakdown

statistics-agencies-all = All agencies combined (suppressed)
statistics-agencies-own = My agency only (exact)

statistics-breakdown-gbv-type = Type of violence
statistics-breakdown-age-group = Survivor's age group
statistics-breakdown-sex = Survivor's sex or gender
statistics-breakdown-perpetrator-relationship = Perpetrator's relationship to the survivor
statistics-breakdown-reporting-delay = Time from incident to report
statistics-breakdown-context = Context (an incident may have several)

age-group-unknown = Age not known

statistics-definition-numerator = Counted
statistics-definition-denominator = Out of
statistics-definition-period = Period
statistics-definition-excluded = Not counted

statistics-indicator-gbv-incidents = Incidents of gender-based violence
statistics-indicator-gbv-incidents-numerator = Incidents of one of the six GBVIMS types (rape, sexual assault, physical assault, forced marriage, denial of resources, psychological abuse), in the area or an area below it.
statistics-indicator-gbv-incidents-denominator = A count, not a share: the breakdown's categories add up to the total, except contexts, several of which may apply to one incident.
statistics-indicator-gbv-incidents-period = The local date the incident was first reported falls in the period.
statistics-indicator-gbv-incidents-excluded = Incidents without the survivor's consent to statistics; incidents already reported elsewhere (so that one incident is not counted twice across agencies); incidents that are not gender-based violence.

statistics-indicator-repeat-victimisation = Repeat victimisation
statistics-indicator-repeat-victimisation-numerator = Survivors whose incident in the period came within 12 calendar months after an earlier incident of theirs.
statistics-indicator-repeat-victimisation-denominator = Survivors with an incident in the period.
statistics-indicator-repeat-victimisation-period = The local date of the incident falls in the period.
statistics-indicator-repeat-victimisation-excluded = The same day as the earlier incident (one episode). Incidents the incident statistics do not count either (without consent to statistics, already reported elsewhere, not gender-based violence).
