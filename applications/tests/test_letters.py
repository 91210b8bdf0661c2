"""Letters render to PDF (CJK fonts embedded) and DOCX (East-Asian font set), per-agency templates replace the
defaults, and placeholders never reach beyond plain strings."""

import io
from datetime import date

import pytest

from applications import services
from applications.letters import render
from applications.letters.context import fill, unknown_placeholders
from applications.letters.defaults import DEFAULTS
from applications.models import Letter, LetterSettings, LetterTemplate

from .conftest import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("end_of_2026")]


@pytest.fixture
def replied(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 4),
                                items="1. 请写明所需低保名单的年度；\n2. 请写明所在村屯。", deadline=date(2026, 3, 18))
    services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 9))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 20), reply_code="A3",
                   text="名单中涉及个人身份证号码、银行账号的内容属于个人隐私，不予公开。")
    return application


def test_a_letter_renders_to_pdf_with_embedded_chinese_fonts(replied):
    from pypdf import PdfReader

    letter = replied.letters.get(kind=Letter.Kind.REPLY)
    pdf = render.render_pdf(letter)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "政府信息公开申请答复书" in text and "东升乡人民政府" in text and "行政复议" in text
    fonts = {str(font["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("CJK" in name for name in fonts)


def test_a_letter_renders_to_docx_with_the_east_asian_font(replied):
    from docx import Document
    from docx.oxml.ns import qn

    letter = replied.letters.get(kind=Letter.Kind.CORRECTION)
    document = Document(io.BytesIO(render.render_docx(letter)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "政府信息公开申请补正告知书" in text and "请写明所在村屯" in text
    assert document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def test_files_are_stored_on_the_letter(replied):
    letter = render.ensure_files(replied.letters.get(kind=Letter.Kind.RECEIPT))
    assert letter.pdf.name.endswith(".pdf") and letter.docx.name.endswith(".docx")
    assert letter.pdf.read(4) == b"%PDF"


def test_an_agency_template_and_number_prefix_replace_the_defaults(township, office_admin):
    LetterSettings.objects.create(agency=township, number_prefix="东政信公", review_body="望奎县人民政府")
    LetterTemplate.objects.create(agency=township, key="receipt", title="依申请公开登记回执",
                                  body="{{ applicant_name }}：\n\n您的申请已登记，编号{{ number }}。", updated_by=office_admin)
    application = register(township, office_admin, on=date(2026, 3, 2))
    letter = application.letters.get()
    assert (letter.title, letter.number) == ("依申请公开登记回执", "东政信公〔2026〕1号")
    assert letter.body == "张三：\n\n您的申请已登记，编号2026-0001。"


def test_placeholders_are_plain_strings_only():
    assert fill("{{ applicant_name }}{{ application.id_number }}{{ nope }}", {"applicant_name": "张三"}) == "张三"
    assert unknown_placeholders("{{ applicant_name }} {{ id_number }}") == ["id_number"]
    assert all(not unknown_placeholders(body) for _, body in DEFAULTS.values())


def test_every_reply_code_has_a_letter_citing_its_article(township, office_admin):
    from applications import rules

    for reply in rules.REPLY_CODES:
        assert f"reply_{reply.code}" in DEFAULTS
    application = register(township, office_admin, on=date(2026, 3, 2))
    services.reply(application, acting_user=office_admin, on=date(2026, 3, 3), reply_code="A12")
    body = application.letters.get(kind=Letter.Kind.REPLY).body
    assert "《中华人民共和国政府信息公开条例》第三十六条第（四）项" in body


REGULATION = "《中华人民共和国政府信息公开条例》"
# The citation each reply letter must carry (2019 regulation), written out here rather than derived from rules.py.
CITATIONS = {
    "A1": REGULATION + "第三十六条第（一）项", "A2": REGULATION + "第三十六条第（二）项",
    "A3": REGULATION + "第三十七条", "A4": REGULATION + "第三十六条第（三）项、第十四条",
    "A5": REGULATION + "第三十六条第（三）项、第十四条", "A6": REGULATION + "第三十六条第（三）项、第十四条",
    "A7": REGULATION + "第三十六条第（三）项、第十五条", "A8": REGULATION + "第三十六条第（三）项、第十六条第一款",
    "A9": REGULATION + "第三十六条第（三）项、第十六条第二款", "A10": REGULATION + "第三十六条第（三）项、第十六条第二款",
    "A11": REGULATION + "第三十六条第（七）项", "A12": REGULATION + "第三十六条第（四）项",
    "A13": REGULATION + "第三十六条第（五）项", "A14": REGULATION + "第三十八条", "A15": REGULATION + "第三十条",
    "A16": REGULATION + "第三十九条第一款", "A17": REGULATION + "第三十六条第（六）项",
    "A18": REGULATION + "第三十九条第二款", "A19": REGULATION + "第三十五条", "A21": REGULATION + "第三十条",
    "A22": "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "A20": None, "A23": None,  # no article in the regulation (domain.md §1.6.6: practice / anything else)
}


@pytest.mark.parametrize("code", list(CITATIONS))
def test_each_reply_letter_cites_its_article_and_states_the_remedies(township, county, office_admin, code):
    application = register(township, office_admin, on=date(2026, 3, 2))
    on = date(2026, 3, 20)
    if code in ("A15", "A21"):
        services.request_correction(application, acting_user=office_admin, on=date(2026, 3, 3), items="请写明年份。",
                                    deadline=date(2026, 3, 10))
        if code == "A15":
            services.receive_correction(application, acting_user=office_admin, on=date(2026, 3, 9))
    if code == "A22":
        services.send_fee_notice(application, acting_user=office_admin, on=date(2026, 3, 3), method="per_page",
                                 pages=50)
        on = date(2026, 4, 2)  # the payment period ended on 4-1
    services.reply(application, acting_user=office_admin, on=on, reply_code=code, text="详见附件。")
    letter = application.letters.get(kind=Letter.Kind.REPLY)
    if CITATIONS[code] is not None:
        assert f"根据{CITATIONS[code]}的规定" in letter.body, letter.body
    assert letter.paragraphs[-1] == ("申请人如对本答复不服，可以自收到本答复之日起六十日内依法向望奎县人民政府申请行政复议，"
                                     "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。")
    assert letter.title == ("政府信息公开申请终止处理告知书" if code in ("A21", "A22") else "政府信息公开申请答复书")
    assert "231221" not in letter.body and "13812345678" not in letter.body


def test_a_2007_reply_cites_the_2007_regulation(township, office_admin):
    application = register(township, office_admin, on=date(2017, 9, 29))
    services.reply(application, acting_user=office_admin, on=date(2017, 10, 20), reply_code="A12")
    body = application.letters.get(kind=Letter.Kind.REPLY).body
    assert "根据《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（三）项的规定" in body
    assert "六十日内" in body and "六个月内" in body


def test_a_reply_before_may_2015_states_the_three_month_period_for_a_suit(township, office_admin):
    """行政诉讼法: six months since the 2014 amendment took effect on 2015-05-01, three months before."""
    old = register(township, office_admin, on=date(2015, 4, 1))
    services.reply(old, acting_user=office_admin, on=date(2015, 4, 20), reply_code="A2")
    newer = register(township, office_admin, on=date(2015, 4, 20))
    services.reply(newer, acting_user=office_admin, on=date(2015, 5, 4), reply_code="A2")
    assert "自收到本答复之日起三个月内依法向人民法院提起行政诉讼" in old.letters.get(kind=Letter.Kind.REPLY).body
    assert "自收到本答复之日起六个月内依法向人民法院提起行政诉讼" in newer.letters.get(kind=Letter.Kind.REPLY).body


def test_the_article_35_letter_states_the_reason_the_original_and_the_new_due_date(township, office_admin):
    application = register(township, office_admin, on=date(2026, 3, 2))  # due 2026-03-30
    services.set_reasonable_period(application, acting_user=office_admin, on=date(2026, 3, 20),
                                   due_on=date(2026, 5, 29), reason="申请数量较多，需逐件检索档案。")
    letter = application.letters.get(kind=Letter.Kind.REASONABLE_PERIOD)
    assert (letter.title, letter.addressee, letter.to_applicant) == ("政府信息公开申请延迟答复告知书", "张三", True)
    assert "数量、频次明显超过合理范围" in letter.body
    assert "因申请数量较多，需逐件检索档案，本机关无法在2026年3月30日前作出答复" in letter.body
    assert "依据《中华人民共和国政府信息公开条例》第三十五条的规定，本机关确定延迟答复的合理期限，将于2026年5月29日前作出答复" \
        in letter.body
    services.reply(application, acting_user=office_admin, on=date(2026, 5, 20), reply_code="A2")
    reply = application.letters.get(kind=Letter.Kind.REPLY)
    assert "第三十五条，本机关确定了延迟答复的合理期限" in reply.body  # the procedure paragraph names it
