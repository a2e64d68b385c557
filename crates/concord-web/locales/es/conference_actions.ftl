# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The SMART actions of risk conferences, and what a conference's protocol shares.
conference-shared-categories = Lo que comparte el protocolo de intercambio de información
conference-shared-categories-hint = Los organismos asistentes ven estas partes de cada caso incluido, y solo estas, hasta que termina el período de acceso posterior a la reunión.
conference-actions = Acciones
conference-actions-after-attendance = Las acciones se acuerdan en la reunión: registre primero la asistencia.
conference-actions-for = Acciones para
conference-actions-none = Aún no se ha acordado ninguna acción.
conference-action-description = Qué hay que hacer
conference-action-owner = Organismo responsable
conference-action-note = Por qué (qué cambió, si no es posible)
conference-action-overdue = vencida
conference-action-escalated = elevada al comité directivo
conference-action-carry-overs = Aplazada
conference-action-agree = Acordar una acción para
conference-action-agree-button = Acordar la acción
conference-action-record = Registrar
conference-actions-outstanding = Acciones pendientes de reuniones anteriores
conference-actions-outstanding-intro = Al cerrar esta reunión, toda acción aún no realizada pasa a la reunión siguiente; tras el número de aplazamientos fijado por la conferencia, se eleva al comité directivo.
conference-actions-open = Acciones abiertas
conference-actions-none-open = Ninguna acción abierta.
conference-actions-of-my-agency = Acciones de conferencias de evaluación de riesgos a cargo de su organismo
conference-actions-of-my-agency-intro = Registre cada una como realizada, o como imposible indicando qué cambió. Su organismo ve estas acciones, no el resto del caso.
home-conference-actions = Acciones de conferencias de evaluación de riesgos a cargo de su organismo, aún no realizadas: { $count }
home-conference-actions-overdue = { $count ->
    [one] { $count } vencida
   *[other] { $count } vencidas
}
