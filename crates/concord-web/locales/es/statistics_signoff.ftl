# Publicaciones estadísticas (incidencia 13 §4): el rol de quien firma y los
# avisos de la página de inicio de los organismos que las aprueban.

statistics-release-signed-as = Firmado como
home-statistics-releases = Publicaciones estadísticas
home-statistics-awaiting = { $count ->
    [one] Una publicación estadística espera la aprobación de su organismo.
   *[other] { $count } publicaciones estadísticas esperan la aprobación de su organismo.
}
home-statistics-published = { $count ->
    [one] Una publicación estadística que su organismo firmó se publicó en los últimos { $days } días.
   *[other] { $count } publicaciones estadísticas que su organismo firmó se publicaron en los últimos { $days } días.
}
home-statistics-release-line = { $period } — { $area }
