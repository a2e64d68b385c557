# Estadísticas (issue 13): la página de la victimización repetida.

statistics-repeat-title = Victimización repetida
statistics-repeat-intro = Sobrevivientes con un incidente en el periodo ocurrido dentro de los 12 meses siguientes a un incidente anterior suyo. Elija un área en la tabla para ver las áreas que dependen de ella.
statistics-repeat-caption = Sobrevivientes con un incidente en el periodo, y repeticiones
statistics-repeat-figure = Cifra
statistics-repeat-survivors = Sobrevivientes con un incidente en el periodo
statistics-repeat-repeat = Dentro de los 12 meses siguientes a un incidente anterior (repetición)
statistics-repeat-not-repeat = No es una repetición
statistics-repeat-rate = Tasa de repetición
statistics-repeat-chart-caption = Tasa de repetición (%) de cada área: { $area }, { $period }.
