# Статистика (issue 13): страница повторной виктимизации.

statistics-repeat-title = Повторная виктимизация
statistics-repeat-intro = Пострадавшие, у которых инцидент за период произошёл в течение 12 месяцев после их предыдущего инцидента. Выберите территорию в таблице, чтобы увидеть входящие в неё территории.
statistics-repeat-caption = Пострадавшие с инцидентом за период и повторные случаи
statistics-repeat-figure = Показатель
statistics-repeat-survivors = Пострадавшие с инцидентом за период
statistics-repeat-repeat = В течение 12 месяцев после предыдущего инцидента (повторно)
statistics-repeat-not-repeat = Не повторно
statistics-repeat-rate = Доля повторных случаев
statistics-repeat-chart-caption = Доля повторных случаев (%) по территориям: { $area }, { $period }.
