# Concord — English. Every string a person reads is here; add a language by
# copying this folder (e.g. locales/fr/main.ftl) and translating.

## Frame
skip-to-content = Skip to content
nav-label = Main
nav-home = Home
nav-areas = Areas
nav-agencies = Agencies
nav-users = Users
nav-audit = Audit log
nav-account = My account
sign-out = Sign out
demo-banner = Demo mode: this is a demonstration district with invented people. Demo accounts may sign in without a second factor. Never enter real information here.
form-problems = Please correct the following
actions = Actions
edit = Edit
save = Save changes
choose = Choose…
none = None
next-page = Next page
filter = Show
status = Status
active = Active
disabled = Disabled
on = On
off = Off
continue = Continue
all-agencies = All agencies
all-actions = All actions

## Sign-in
sign-in-title = Sign in
sign-in-button = Sign in
sign-in-wrong = The user name or password is not right.
sign-in-throttled = Too many failed attempts. Wait 15 minutes and try again.
sign-in-expired = The sign-in form expired. Please try again.
second-factor = Two-step sign-in
second-factor-title = Two-step sign-in
second-factor-intro = Enter the 6-digit code from your authenticator app, or one of your recovery codes.
second-factor-button = Verify
second-factor-wrong = That code is not right or was already used. Wait for a new code and try again.
enrol-title = Set up two-step sign-in
enrol-intro = Your role can see sensitive information, so signing in needs a second step. Add Concord to an authenticator app on your phone by scanning the code, or by typing the key below, then enter the 6-digit code the app shows.
enrol-qr-caption = QR code to scan with your authenticator app
enrol-secret-label = Key to type into the app:
enrol-button = Turn on two-step sign-in
recovery-codes-title = Your recovery codes
recovery-codes-intro = If you lose your phone, each of these codes lets you sign in once. Write them down or print them now and keep them somewhere safe: they will not be shown again.
recovery-codes-left = Recovery codes left: { $count }
second-factor-status-title = Two-step sign-in
second-factor-on = Two-step sign-in is on for your account.
second-factor-manage = Manage

## Home
home-title = Needs my attention
home-empty = Nothing needs your attention right now.

## Areas
areas-title = Areas
area-new-title = New area
area-edit-title = Edit area
area-create-button = Create area
no-parent = No parent (national level)
level-national = National
level-region = Region
level-district = District
level-local = Local

## Agencies
agencies-title = Agencies
agency-title = Agency
agency-new-title = New agency
agency-edit-title = Edit agency
agency-create-button = Create agency
agency-users-link = Accounts of this agency
governance-government = Government
governance-non-government = Non-government
sector-police = Police
sector-prosecution = Prosecution
sector-judiciary = Judiciary and courts
sector-health = Health
sector-social-services = Social services
sector-shelter-womens-ngo = Shelter or women's organisation
sector-legal-aid = Legal aid
sector-housing = Housing
sector-education = Education
sector-child-protection = Child protection
sector-probation = Probation
sector-defence = Defence
sector-finance = Finance
sector-foreign-affairs = Foreign affairs
sector-agriculture = Agriculture
sector-labour = Labour
sector-other = Other

## Users
users-title = Users
user-title = Account
user-new-title = New user
user-create-button = Create user
user-profile = Profile and roles
user-access = Access
user-saved = Changes saved.
user-enabled = The account is enabled.
user-disabled = The account is disabled and all its sessions and API tokens have ended.
user-password-reset = The password was reset and all the account's sessions have ended.
user-second-factor-reset = Two-step sign-in was removed; the person sets it up again at next sign-in.
user-reset-password = Reset password
user-reset-second-factor = Remove two-step sign-in (lost phone)
user-disable = Disable account
user-enable = Enable account
user-audit-link = Audit events by this person
user-case-roles-stay-in-agency = This person works with cases: only their own agency's administrator can change their roles or reset their sign-in. You can disable the account.
role-system-administrator = System administrator
role-agency-administrator = Agency administrator
role-caseworker = Caseworker
role-supervisor = Supervisor
role-risk-conference-coordinator = Risk-conference coordinator
role-coordination-secretariat = Coordination secretariat
role-analyst = Analyst
password-hint = 12 to 128 characters. Any characters, spaces too. A few unusual words make a good password.

## My account
account-title = My account
password-change-title = Change password
password-change-button = Change password
sessions-title = My sessions
session-device = Device
session-started = Signed in
session-last-seen = Last active
session-this-one = this session
session-revoke = Sign out this session
sessions-revoke-all = Sign out everywhere
tokens-title = API tokens
tokens-intro = Tokens let other programs use the Concord API as you. A token can never do more than you can.
token-new-title = New API token
token-create-button = Create token
token-created = Copy this token now: it will not be shown again.
token-expires = Expires
token-expired = Expired
token-revoked = Revoked
token-revoke = Revoke
scope-read = Read only
scope-read-write = Read and write

## Audit
audit-title = Audit log
audit-when = When
audit-outcome = Outcome
audit-object = Object
audit-position = Sealed at
audit-person = Person
audit-system = System
audit-unsealed = Not yet sealed
audit-empty = No events match.

## Field labels (also used in error messages)
field-username = User name
field-password = Password
field-code = Code
field-enrol-code = Code from your app
field-name = Name
field-level = Level
field-parent-id = Part of
field-adult-female-population = Adult female population
field-sector = Sector
field-governance = Governance
field-area-ids = Areas served
field-display-name = Full name
field-agency-id = Agency
field-roles = Roles
field-initial-password = Initial password
field-new-password = New password
field-current-password = Current password
field-scope = Access
field-days = Valid for (days)
field-action = Action
field-actor = Person (user id)
field-from = From
field-until = Until
field-active = Account
field-form = Form
field-csrf-token = Form
field-cursor = Page
