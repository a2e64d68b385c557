# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Choosing the language, and the problems many forms share.
# The names of the languages are each written in itself, the same in
# every locale.
language-name-ar = العربية
language-name-en-us = English
language-name-es = Español
language-name-fr = Français
language-name-ru = Русский
language-name-zh-cn = 中文（简体）
language-switcher-label = Langue
language-not-offered = n’est pas l’une des langues proposées
field-language = Langue
account-language-title = Langue
account-language-hint = La langue des pages de Concord pour vous, sur chaque appareil où vous vous connectez. Les liens de langue en haut de chaque page la changent dans ce navigateur seulement.
account-language-browser = La langue du navigateur
account-language-button = Enregistrer la langue
account-language-saved = Votre langue est enregistrée.
problem-required = est obligatoire
problem-too-long = ne doit pas dépasser { $max } caractères
problem-control-characters = ne doit pas contenir de caractères de contrôle
problem-not-an-id = doit être un UUID
problem-does-not-exist = n’existe pas
problem-yes-or-no = doit être oui ou non
problem-in-the-future = ne peut pas être dans le futur
problem-not-an-email = n’est pas une adresse électronique
problem-not-your-password = n’est pas votre mot de passe actuel
problem-no-such-agency = désigne un organisme qui n’existe pas
problem-no-such-area = désigne une zone qui n’existe pas
problem-age-years = doit être un nombre entier d’années de 0 à 120
problem-at-least-one = doit être au moins 1
problem-choose-a-category = choisissez au moins un type d’informations
problem-choose-a-conference = choisissez une conférence
problem-name-an-agency = doit désigner un organisme
problem-already-ended = a déjà pris fin
problem-date-like = doit être une date comme { $example }
problem-date-written-like = doit être une date écrite comme { $example }
problem-date-iso = doit être une date (AAAA-MM-JJ)
problem-is-in-the-future = est dans le futur
problem-not-a-known-area = n’est pas une zone connue
