# 统计发布（第 13 号问题 §4）：签署人的角色，以及负责签署发布的机构在主页上的通知。

statistics-release-signed-as = 签署身份
home-statistics-releases = 统计发布
home-statistics-awaiting = { $count ->
   *[other] 有 { $count } 项统计发布等待贵机构签署。
}
home-statistics-published = { $count ->
   *[other] 过去 { $days } 天内发布了 { $count } 项贵机构签署的统计发布。
}
home-statistics-release-line = { $period } — { $area }
