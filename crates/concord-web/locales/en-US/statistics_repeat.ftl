# Statistics (issue 13): the repeat victimisation page.

statistics-repeat-title = Repeat victimisation
statistics-repeat-intro = Survivors with an incident in the period that came within 12 months after an earlier incident of theirs. Choose an area in the table to see the areas below it.
statistics-repeat-caption = Survivors with an incident in the period, and repeats
statistics-repeat-figure = Figure
statistics-repeat-survivors = Survivors with an incident in the period
statistics-repeat-repeat = Within 12 months after an earlier incident (repeat)
statistics-repeat-not-repeat = Not a repeat
statistics-repeat-rate = Repeat rate
statistics-repeat-chart-caption = Repeat rate (%) of each area: { $area }, { $period }.
