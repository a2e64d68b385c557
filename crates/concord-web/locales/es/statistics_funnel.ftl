# Estadísticas (issue 13): la página del recorrido de las derivaciones.

statistics-indicators = Indicadores
statistics-funnel-title = Recorrido de las derivaciones
statistics-funnel-intro = Derivaciones enviadas entre organismos en el periodo: hasta dónde llegaron, en cuánto tiempo, según el sector del organismo receptor y la urgencia. Elija un área en la tabla para ver las áreas que dependen de ella.
statistics-funnel-steps-caption = Derivaciones enviadas que alcanzaron cada paso
statistics-funnel-step = Paso
statistics-funnel-sent-at-this-level = Enviadas, contadas en esta misma área (sin área de incidente por debajo)
statistics-funnel-chart-caption = Derivaciones que alcanzan cada paso: { $area }, { $period }.
statistics-funnel-chart-same-as-table = Las tablas dan las mismas cifras.
statistics-funnel-times-caption = Tiempo mediano desde el envío hasta cada paso
statistics-funnel-referrals = Derivaciones
statistics-funnel-median = Tiempo mediano
statistics-funnel-no-median = no se muestra
statistics-funnel-minutes = { $minutes } min
statistics-funnel-hours = { $hours } h
statistics-funnel-days = { $days } días
statistics-funnel-count-and-median = { $count } (mediana { $median })
statistics-funnel-sectors-caption = Según el sector del organismo receptor (tiempo mediano entre paréntesis)
statistics-funnel-sector = Sector receptor
statistics-funnel-urgency-caption = Respondidas dentro del plazo objetivo, por urgencia
statistics-funnel-urgency = Urgencia
statistics-funnel-with-target = Enviadas con plazo objetivo
statistics-funnel-in-time = Respondidas a tiempo
statistics-funnel-share = Proporción respondida a tiempo
statistics-funnel-percent = { $percent } %
statistics-funnel-no-share = no se muestra
statistics-funnel-without-target = Enviadas sin plazo objetivo
statistics-funnel-exact-note = Son exactamente las derivaciones que envió su propio organismo. No son para publicación: todo lo que se comparte fuera de su organismo se suprime.

statistics-indicator-referral-funnel = Recorrido de las derivaciones
statistics-indicator-referral-funnel-numerator = Derivaciones enviadas en el periodo que alcanzaron cada paso: acuse de recibo, aceptación, rechazo, primer contacto, servicio prestado, cierre con retroalimentación, retiro por quien la envió, vencimiento sin respuesta; y las respondidas (acuse, aceptación o rechazo) dentro de su plazo objetivo. El tiempo mediano va desde el envío hasta la primera vez que se alcanzó el paso.
statistics-indicator-referral-funnel-denominator = Derivaciones enviadas en el periodo (para la proporción respondida a tiempo: las enviadas con plazo objetivo, por urgencia).
statistics-indicator-referral-funnel-period = El momento del envío cae en el periodo (días naturales locales). Su área es donde ocurrió el primer incidente del caso; un caso sin área de incidente se cuenta en la cima.
statistics-indicator-referral-funnel-excluded = Borradores que nunca se enviaron. Un tiempo mediano solo se muestra junto a una cifra que se muestra, y una proporción solo cuando se muestran sus dos cifras.
