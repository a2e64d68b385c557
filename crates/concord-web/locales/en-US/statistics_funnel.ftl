# Statistics (issue 13): the referral funnel page.

statistics-indicators = Indicators
statistics-funnel-title = Referral funnel
statistics-funnel-intro = Referrals sent between agencies in the period: how far they got, how fast, by the sector of the receiving agency and by urgency. Choose an area in the table to see the areas below it.
statistics-funnel-steps-caption = Referrals sent that reached each step
statistics-funnel-step = Step
statistics-funnel-sent-at-this-level = Sent, counted at this area itself (no incident area below it)
statistics-funnel-chart-caption = Referrals reaching each step: { $area }, { $period }.
statistics-funnel-chart-same-as-table = The tables give the same figures.
statistics-funnel-times-caption = Median time from sending to each step
statistics-funnel-referrals = Referrals
statistics-funnel-median = Median time
statistics-funnel-no-median = not shown
statistics-funnel-minutes = { $minutes } min
statistics-funnel-hours = { $hours } h
statistics-funnel-days = { $days } days
statistics-funnel-count-and-median = { $count } (median { $median })
statistics-funnel-sectors-caption = By the sector of the receiving agency (median time in brackets)
statistics-funnel-sector = Receiving sector
statistics-funnel-urgency-caption = Answered by the response target, by urgency
statistics-funnel-urgency = Urgency
statistics-funnel-with-target = Sent with a target
statistics-funnel-in-time = Answered in time
statistics-funnel-share = Share answered in time
statistics-funnel-percent = { $percent } %
statistics-funnel-no-share = not shown
statistics-funnel-without-target = Sent without a target
statistics-funnel-exact-note = These are the referrals your own agency sent, exactly. They are not for publication: anything shared beyond your agency is suppressed.

statistics-indicator-referral-funnel = Referral funnel
statistics-indicator-referral-funnel-numerator = Referrals sent in the period that reached each step: acknowledged, accepted, declined, first contact, service delivered, closed with feedback, withdrawn by the sender, expired unanswered; and those answered (acknowledged, accepted or declined) by their response target. The median time runs from sending to the first time the step was reached.
statistics-indicator-referral-funnel-denominator = Referrals sent in the period (for the share answered in time: those sent with a response target, per urgency).
statistics-indicator-referral-funnel-period = The moment the referral was sent falls in the period (local calendar days). Its area is where the case's first incident happened; a case without an incident area counts at the top.
statistics-indicator-referral-funnel-excluded = Drafts that were never sent. A median is shown only beside a count that is shown, and a share only when both its counts are.
