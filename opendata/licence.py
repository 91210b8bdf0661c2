"""The licence of the open data. SiteSettings (agencies) holds the footer only and has no place for it, so it is a
constant here; an operator who needs another licence changes it in one place (the 数据开放 page, the dictionary, the
API index and the XLSX properties all read these)."""

LICENCE_NAME = "知识共享署名 4.0 国际许可协议（CC BY 4.0）"
LICENCE_CODE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
LICENCE_TEXT = (
    "本平台开放的政府信息公开目录和政府信息公开工作年度报告数据，按照知识共享署名 4.0 国际许可协议（CC BY 4.0）开放。"
    "任何人均可免费复制、传播、改编和用于商业或非商业目的，但须注明数据来源（发布机关名称和本平台网址），"
    "并说明是否对数据作了修改。数据以现状提供，发布机关不对使用数据产生的后果承担责任；"
    "信息内容以发布机关在本平台公开的原文为准。"
)
