# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# Choosing the language, and the problems many forms share.
# The names of the languages are each written in itself, the same in
# every locale.
language-name-ar = العربية
language-name-en-us = English
language-name-es = Español
language-name-fr = Français
language-name-ru = Русский
language-name-zh-cn = 中文（简体）
language-switcher-label = 语言
language-not-offered = 不是可选语言之一
field-language = 语言
account-language-title = 语言
account-language-hint = 在您登录的每台设备上，Concord 页面为您显示的语言。每页顶部的语言链接只在本浏览器中更改语言。
account-language-browser = 浏览器的语言
account-language-button = 保存语言
account-language-saved = 您的语言已保存。
problem-required = 为必填项
problem-too-long = 不得超过 { $max } 个字符
problem-control-characters = 不得包含控制字符
problem-not-an-id = 必须是 UUID
problem-does-not-exist = 不存在
problem-yes-or-no = 必须为“是”或“否”
problem-in-the-future = 不能是将来的日期
problem-not-an-email = 不是电子邮件地址
problem-not-your-password = 不是您当前的密码
problem-no-such-agency = 指向不存在的机构
problem-no-such-area = 指向不存在的地区
problem-age-years = 必须是 0 至 120 之间的整数岁数
problem-at-least-one = 不得小于 1
problem-choose-a-category = 请至少选择一类信息
problem-choose-a-conference = 请选择一个会议
problem-name-an-agency = 必须指明一个机构
problem-already-ended = 已经结束
problem-date-like = 必须是形如 { $example } 的日期
problem-date-written-like = 必须是格式如 { $example } 的日期
problem-date-iso = 必须是日期（YYYY-MM-DD）
problem-is-in-the-future = 是将来的日期
problem-not-a-known-area = 不是已知地区
