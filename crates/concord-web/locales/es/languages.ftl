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
language-switcher-label = Idioma
language-not-offered = no es uno de los idiomas disponibles
field-language = Idioma
account-language-title = Idioma
account-language-hint = El idioma de las páginas de Concord para usted, en cada dispositivo en el que inicie sesión. Los enlaces de idioma en la parte superior de cada página lo cambian solo en este navegador.
account-language-browser = El idioma del navegador
account-language-button = Guardar el idioma
account-language-saved = Su idioma se ha guardado.
problem-required = es obligatorio
problem-too-long = debe tener como máximo { $max } caracteres
problem-control-characters = no debe contener caracteres de control
problem-not-an-id = debe ser un UUID
problem-does-not-exist = no existe
problem-yes-or-no = debe ser sí o no
problem-in-the-future = no puede estar en el futuro
problem-not-an-email = no es una dirección de correo electrónico
problem-not-your-password = no es su contraseña actual
problem-no-such-agency = indica un organismo que no existe
problem-no-such-area = indica una zona que no existe
problem-age-years = debe ser un número entero de años de 0 a 120
problem-at-least-one = debe ser al menos 1
problem-choose-a-category = elija al menos un tipo de información
problem-choose-a-conference = elija una conferencia
problem-name-an-agency = debe indicar un organismo
problem-already-ended = ya había terminado
problem-date-like = debe ser una fecha como { $example }
problem-date-written-like = debe ser una fecha escrita como { $example }
problem-date-iso = debe ser una fecha (AAAA-MM-DD)
problem-is-in-the-future = está en el futuro
problem-not-a-known-area = no es una zona conocida
