# Review status: drafted by an engineer, not yet reviewed by a fluent speaker.
# What an error says when it has no reason of its own (the error page and the API's `message`).
error-not-found = 未找到。
error-conflict = 其他人同时更改了此内容；请重新加载页面后再试。
error-unauthenticated = 请先登录，或令牌无效。
error-bad-credentials = 用户名或密码不正确。
error-bad-second-factor = 验证码不正确或已被使用。
error-throttled = 失败次数过多；请稍后再试。
error-internal = 我们这边出现了错误。未作任何更改。请重试。
error-cross-site = 此请求并非来自 Concord 页面，已被拒绝。
error-rate-limited = 来自您地址的请求过多；请在 { $seconds } 秒后重试。
