# The justice chain of a case (issue 16).

category-justice = Justice (police, prosecution, courts, probation)
case-refusal-sector-does-not-record = Agencies of your sector do not record this kind of justice step: police record reports, crimes, arrests and bail; prosecution and police the charge decision; prosecution the prosecution; courts and prosecution hearings, special measures and verdicts; courts, prosecution and probation the sentence.

field-occurred-on = Date it happened
field-detail = Crime reference or bail conditions
field-offences = Offence categories

justice-link = Justice chain
justice-title = Justice chain of case
justice-chain = What happened after she reported, in the order it happened
justice-no-steps = Nothing recorded yet.
justice-recorded-by = Recorded by
justice-record = Record a step
justice-record-hint = Each step follows the one it needs: a report, then a recorded crime or an arrest; a charge decision after a recorded crime; a prosecution after a charge; hearings, special measures and a verdict after the prosecution; a sentence after a guilty verdict.
justice-outcome-hint = For a recorded crime, a charge decision, a hearing, special measures, a verdict or a sentence. Leave empty for other steps.
justice-reason-hint = For no further action, or when she withdraws her support. Leave empty otherwise.
justice-detail-hint = The crime reference of a report to the police, or the conditions of bail. Kept encrypted. Leave empty for other steps.
justice-none = Not for this step
justice-record-button = Record the step

justice-detail-reported-to-police = Crime reference
justice-detail-released-on-bail = Bail conditions

justice-kind-reported-to-police = Reported to the police
justice-kind-crime-recorded = Crime recorded
justice-kind-arrest = Arrest
justice-kind-released-on-bail = Suspect released on bail
justice-kind-charge-decision = Charge decision
justice-kind-prosecution-started = Prosecution started
justice-kind-court-hearing = Court hearing
justice-kind-special-measures = Special measures at court
justice-kind-verdict = Verdict
justice-kind-sentence = Sentence
justice-kind-support-withdrawn = She withdrew her support

justice-outcome-charged = Charged
justice-outcome-no-further-action = No further action
justice-outcome-out-of-court = Out-of-court outcome
justice-outcome-adjourned = Adjourned
justice-outcome-pleaded-guilty = Pleaded guilty
justice-outcome-pleaded-not-guilty = Pleaded not guilty
justice-outcome-trial-held = Trial held
justice-outcome-other = Other
justice-outcome-screens = Screens
justice-outcome-live-link = Live link
justice-outcome-evidence-in-private = Evidence in private
justice-outcome-video-recorded-evidence = Video-recorded evidence
justice-outcome-intermediary = Intermediary
justice-outcome-guilty = Guilty
justice-outcome-not-guilty = Not guilty
justice-outcome-custody = Custody
justice-outcome-suspended-sentence = Suspended sentence
justice-outcome-community-order = Community order
justice-outcome-fine = Fine
justice-outcome-discharge = Discharge

justice-reason-evidential-difficulties = Evidential difficulties
justice-reason-victim-does-not-support = She did not support the prosecution
justice-reason-not-in-public-interest = Not in the public interest
justice-reason-suspect-not-identified = Suspect not identified
justice-reason-other = Other
justice-reason-fear-of-reprisal = Fear of reprisal
justice-reason-pressure-from-perpetrator-or-family = Pressure from the perpetrator or family
justice-reason-reconciled = Reconciled
justice-reason-lost-confidence-in-process = Lost confidence in the process

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = Issued on
field-served-on = Served on
field-expires-on = Expires on
