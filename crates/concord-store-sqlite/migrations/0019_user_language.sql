-- A person's preferred language for the interface (a tag such as fr or
-- zh-CN, one of the six the web layer has messages for); none: the
-- browser's Accept-Language, else the deployment's default.
ALTER TABLE users ADD COLUMN language TEXT;
