# Choosing the language, and the problems many forms share.
# The names of the languages are each written in itself, the same in
# every locale.
language-name-ar = العربية
language-name-en-us = English
language-name-es = Español
language-name-fr = Français
language-name-ru = Русский
language-name-zh-cn = 中文（简体）
language-switcher-label = Language
language-not-offered = is not one of the languages offered
field-language = Language
account-language-title = Language
account-language-hint = The language of Concord's pages for you, on every device you sign in on. The language links at the top of each page change it in this browser only.
account-language-browser = The browser's language
account-language-button = Save the language
account-language-saved = Your language is saved.
problem-required = is required
problem-too-long = must be at most { $max } characters
problem-control-characters = must not contain control characters
problem-not-an-id = must be a UUID
problem-does-not-exist = does not exist
problem-yes-or-no = must be yes or no
problem-in-the-future = cannot be in the future
problem-not-an-email = is not an e-mail address
problem-not-your-password = is not your current password
problem-no-such-agency = names an agency that does not exist
problem-no-such-area = names an area that does not exist
problem-not-a-date = must be a date written like { $example }
problem-age-years = must be a whole number of years from 0 to 120
problem-at-least-one = must be at least 1
problem-choose-a-category = choose at least one kind of information
problem-choose-a-conference = choose a conference
problem-name-an-agency = must name an agency
problem-already-ended = was already ended
