# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Statistics (issue 13): indicators, who sees what, suppression.

nav-statistics = Estadísticas
statistics-title = Estadísticas
statistics-incidents-title = Estadísticas de incidentes (GBVIMS)
statistics-incidents-intro = Incidentes de violencia de género por zona y período, con un desglose. Elija una zona en el cuadro para ver las zonas que dependen de ella.
statistics-show = Mostrar
statistics-period-hint = Un mes (2026-11), un trimestre (2026-Q4) o un año (2026), según el calendario local.
statistics-drill-path = Zonas, del nivel nacional hacia abajo
statistics-and-areas-below = y las zonas que dependen de ella
statistics-total = Todos los incidentes contabilizados
statistics-at-this-level = Registrados en esta misma zona, en ninguna zona que dependa de ella
statistics-month = Mes
statistics-suppressed = suprimido
statistics-suppressed-note = Estas cifras combinan varios organismos, por lo que los recuentos pequeños (de 1 a { $threshold } menos uno) se muestran como «suprimido», al igual que otras cifras a partir de las cuales podría deducirse un recuento pequeño.
statistics-exact-note = Son las cifras exactas de su propio organismo. No son para publicar: todo lo que se comparta fuera de su organismo se suprime.
statistics-chart-caption = { $breakdown }: { $area }, { $period }.
statistics-chart-same-as-table = El cuadro anterior ofrece las mismas cifras.
statistics-trend-caption = Incidentes contabilizados por mes
statistics-definition-title = Qué se contabiliza
statistics-suppression-explained = Las cifras exactas nunca salen del organismo que custodia los registros. Siempre que se combinan organismos, o que se muestran cifras a analistas, secretarías o coordinaciones, los recuentos pequeños se suprimen de forma conjunta en todos los niveles y desgloses del período, de modo que la cifra oculta de un distrito no pueda deducirse a partir de sus vecinos, de su región ni de otro desglose.

field-agencies = Organismos
field-period = Período
field-breakdown = Desglose

statistics-agencies-all = Todos los organismos combinados (con supresión)
statistics-agencies-own = Solo mi organismo (cifras exactas)

statistics-breakdown-gbv-type = Tipo de violencia
statistics-breakdown-age-group = Grupo de edad de la sobreviviente
statistics-breakdown-sex = Sexo o género de la sobreviviente
statistics-breakdown-perpetrator-relationship = Relación del agresor con la sobreviviente
statistics-breakdown-reporting-delay = Tiempo entre el incidente y la denuncia
statistics-breakdown-context = Contexto (un incidente puede tener varios)

age-group-unknown = Edad desconocida

statistics-definition-numerator = Se contabiliza
statistics-definition-denominator = Sobre
statistics-definition-period = Período
statistics-definition-excluded = No se contabiliza

statistics-indicator-gbv-incidents = Incidentes de violencia de género
statistics-indicator-gbv-incidents-numerator = Incidentes de uno de los seis tipos del GBVIMS (violación, agresión sexual, agresión física, matrimonio forzado, negación de recursos, maltrato psicológico), en la zona o en una zona que dependa de ella.
statistics-indicator-gbv-incidents-denominator = Un recuento, no una proporción: las categorías del desglose suman el total, salvo los contextos, ya que a un mismo incidente pueden aplicarse varios.
statistics-indicator-gbv-incidents-period = La fecha local en que se denunció el incidente por primera vez cae dentro del período.
statistics-indicator-gbv-incidents-excluded = Incidentes sin el consentimiento de la sobreviviente para fines estadísticos; incidentes ya denunciados en otro lugar (para que un mismo incidente no se cuente dos veces entre organismos); incidentes que no son violencia de género.

statistics-indicator-repeat-victimisation = Victimización reiterada
statistics-indicator-repeat-victimisation-numerator = Sobrevivientes cuyo incidente del período ocurrió dentro de los 12 meses naturales siguientes a un incidente anterior suyo.
statistics-indicator-repeat-victimisation-denominator = Sobrevivientes con un incidente en el período.
statistics-indicator-repeat-victimisation-period = La fecha local del incidente cae dentro del período.
statistics-indicator-repeat-victimisation-excluded = El mismo día que el incidente anterior (un único episodio). Los incidentes que tampoco cuentan las estadísticas de incidentes (sin consentimiento para estadísticas, ya denunciados en otro lugar, que no son violencia de género).
