# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The justice chain of a case (issue 16).

category-justice = Justicia (policía, fiscalía, tribunales, libertad condicional)
case-refusal-sector-does-not-record = Los organismos de su sector no registran este tipo de etapa judicial: la policía registra las denuncias, los delitos, las detenciones y la libertad bajo fianza; la fiscalía y la policía, la decisión sobre la formulación de cargos; la fiscalía, el ejercicio de la acción penal; los tribunales y la fiscalía, las audiencias, las medidas especiales y los veredictos; los tribunales, la fiscalía y los servicios de libertad condicional, la pena.

field-occurred-on = Fecha en que ocurrió
field-detail = Número de denuncia o condiciones de la libertad bajo fianza
field-offences = Categorías de delitos

justice-link = Ruta judicial
justice-title = Ruta judicial del caso
justice-chain = Lo que ocurrió después de su denuncia, en el orden en que ocurrió
justice-no-steps = Aún no hay nada registrado.
justice-recorded-by = Registrado por
justice-record = Registrar una etapa
justice-record-hint = Cada etapa sigue a la que requiere: una denuncia, luego un delito registrado o una detención; una decisión sobre la formulación de cargos después de un delito registrado; el ejercicio de la acción penal después de la formulación de cargos; audiencias, medidas especiales y un veredicto después del inicio de la acción penal; una pena después de un veredicto de culpabilidad.
justice-outcome-hint = Para un delito registrado, una decisión sobre la formulación de cargos, una audiencia, medidas especiales, un veredicto o una pena. Déjelo vacío para las demás etapas.
justice-reason-hint = En caso de archivo, o cuando ella retira su apoyo. En los demás casos, déjelo vacío.
justice-detail-hint = El número de la denuncia ante la policía, o las condiciones de la libertad bajo fianza. Se guarda cifrado. Déjelo vacío para las demás etapas.
justice-none = No aplica a esta etapa
justice-record-button = Registrar la etapa

justice-detail-reported-to-police = Número de denuncia
justice-detail-released-on-bail = Condiciones de la libertad bajo fianza

justice-kind-reported-to-police = Denuncia ante la policía
justice-kind-crime-recorded = Delito registrado
justice-kind-arrest = Detención
justice-kind-released-on-bail = Sospechoso en libertad bajo fianza
justice-kind-charge-decision = Decisión sobre la formulación de cargos
justice-kind-prosecution-started = Inicio de la acción penal
justice-kind-court-hearing = Audiencia judicial
justice-kind-special-measures = Medidas especiales en el tribunal
justice-kind-verdict = Veredicto
justice-kind-sentence = Pena
justice-kind-support-withdrawn = Ella retiró su apoyo al proceso

justice-outcome-charged = Cargos formulados
justice-outcome-no-further-action = Archivo sin más actuaciones
justice-outcome-out-of-court = Medida alternativa al proceso penal
justice-outcome-adjourned = Aplazamiento
justice-outcome-pleaded-guilty = Se declaró culpable
justice-outcome-pleaded-not-guilty = Se declaró no culpable
justice-outcome-trial-held = Se celebró el juicio
justice-outcome-other = Otro
justice-outcome-screens = Mampara de separación
justice-outcome-live-link = Videoconferencia en directo
justice-outcome-evidence-in-private = Declaración a puerta cerrada
justice-outcome-video-recorded-evidence = Declaración grabada en vídeo
justice-outcome-intermediary = Persona intermediaria
justice-outcome-guilty = Culpable
justice-outcome-not-guilty = No culpable
justice-outcome-custody = Pena de prisión
justice-outcome-suspended-sentence = Pena suspendida
justice-outcome-community-order = Trabajos en beneficio de la comunidad u otra medida no privativa de libertad
justice-outcome-fine = Multa
justice-outcome-discharge = Exención de pena

justice-reason-evidential-difficulties = Dificultades probatorias
justice-reason-victim-does-not-support = Ella no apoyó la acción penal
justice-reason-not-in-public-interest = No responde al interés público
justice-reason-suspect-not-identified = Sospechoso no identificado
justice-reason-other = Otro
justice-reason-fear-of-reprisal = Miedo a represalias
justice-reason-pressure-from-perpetrator-or-family = Presión del agresor o de la familia
justice-reason-reconciled = Reconciliación
justice-reason-lost-confidence-in-process = Pérdida de confianza en el proceso

# Protection orders (issue 16 part 2; domain rules only so far).
field-issued-on = Dictada el
field-served-on = Notificada el
field-expires-on = Vence el
