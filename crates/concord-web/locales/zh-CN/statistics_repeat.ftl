# 统计（issue 13）：重复受害页面。

statistics-repeat-title = 重复受害
statistics-repeat-intro = 本期发生事件、且该事件发生在其此前一次事件之后 12 个月内的幸存者。在表格中选择一个地区，可查看其下属地区。
statistics-repeat-caption = 本期有事件的幸存者及重复受害
statistics-repeat-figure = 数字
statistics-repeat-survivors = 本期有事件的幸存者
statistics-repeat-repeat = 在此前事件之后 12 个月内（重复）
statistics-repeat-not-repeat = 非重复
statistics-repeat-rate = 重复率
statistics-repeat-chart-caption = 各地区的重复率（%）：{ $area }，{ $period }。
