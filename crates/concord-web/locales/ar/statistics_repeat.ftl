# الإحصاءات (issue 13): صفحة تكرار الإيذاء.

statistics-repeat-title = تكرار الإيذاء
statistics-repeat-intro = الناجيات اللواتي وقعت لهن حادثة خلال الفترة في غضون 12 شهرًا بعد حادثة سابقة. اختر منطقة في الجدول لعرض المناطق التابعة لها.
statistics-repeat-caption = الناجيات اللواتي وقعت لهن حادثة خلال الفترة، والحالات المتكررة
statistics-repeat-figure = الرقم
statistics-repeat-survivors = الناجيات اللواتي وقعت لهن حادثة خلال الفترة
statistics-repeat-repeat = في غضون 12 شهرًا بعد حادثة سابقة (تكرار)
statistics-repeat-not-repeat = ليست تكرارًا
statistics-repeat-rate = معدل التكرار
statistics-repeat-chart-caption = معدل التكرار (٪) لكل منطقة: { $area }، { $period }.
