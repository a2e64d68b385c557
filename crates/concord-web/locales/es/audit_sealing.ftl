# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# The audit sealing alarm on system administrators' home pages (issue 18).
home-audit-alarm = El registro de auditoría no se ha sellado desde { $since } (UTC) y { $waiting ->
    [one] hay { $waiting } evento en espera
   *[other] hay { $waiting } eventos en espera
}: los accesos no quedan protegidos de forma que cualquier manipulación sea detectable. Avise al equipo técnico; el motivo:
