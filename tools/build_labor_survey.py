"""Write the shipped ``forms/labor_survey.xlsx`` from domain.md.

    python -m tools.build_labor_survey [OUT.xlsx]

The shipped workbook is rebuilt from this script when the questionnaire's rules change (the
soft checks of issue 15 were made that way: a rebuild reproduces the committed workbook cell
for cell, so the diff of a change is this script's); a county officer edits a copy of the
workbook in Excel and publishes it as a new version. Run ``python -m mopai.forms.render``
afterwards to refresh ``labor_survey.md``, and commit both files.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mopai.forms import places
from tools.choice_lists import FEMALE_RELATIONS, LISTS, MALE_RELATIONS

COLUMNS = [
    "type", "name", "label::zh_CN", "label::en", "hint::zh_CN", "hint::en", "required",
    "required_message::zh_CN", "required_message::en", "required_code", "relevant",
    "constraint", "constraint_message::zh_CN", "constraint_message::en", "constraint_code",
    "warning_constraint", "warning_message::zh_CN", "warning_message::en", "warning_code",
    "calculation", "default", "read_only", "appearance", "choice_filter", "mopai_type",
]
# A mobile: 11 digits starting with 1, optionally +86 and grouped 3-4-4 with spaces or
# hyphens. A landline: 0 + a 2-3-digit area code (optionally in brackets) and a 7-8-digit
# local number, with or without a hyphen or space; without the area code a local number
# starts with 2-9 (so a mobile with a digit missing is not taken for one); an extension may
# follow after -, 转, 分机, ext or #.
MOBILE_RE = r"(\+?86[- ]?)?1[0-9]{2}[- ]?[0-9]{4}[- ]?[0-9]{4}"
LANDLINE_RE = (r"((0[0-9]{2,3}|\(0[0-9]{2,3}\)|（0[0-9]{2,3}）)[- ]?[0-9]{7,8}|[2-9][0-9]{6,7})"
               r"(( ?(-|转|分机|ext\.?|#) ?)[0-9]{1,6})?")
PHONE = (f"regex(., '^({MOBILE_RE}|{LANDLINE_RE})$')",
         "电话号码格式不对：手机号码为以1开头的11位数字，固定电话为区号加7至8位号码"
         "（如 0731-12345678），请核对后重填",
         "not a phone number: a mobile has 11 digits starting with 1, a landline an area code "
         "and 7-8 digits (0731-12345678); check and enter it again", "phone_format")
POVERTY = "${household_type} = 'poverty_alleviated' or ${household_type} = 'monitored'"
WORKING = "${working}"
AWAY = "${working} and ${employment_status} != 'farming'"
# 2026.1.1 (issue 21): 工种, 意向工种 and 意向培训工种 from the 工种 list, the free text beside
# each (`<name>_text`); records of 2026.1 are read through forms/upgrade.py's recoding.
VERSION = "2026.1.1"
AGE_OLD = 100      # above: a warning (centenarians exist, typing errors are likelier)
AGE_MAX = 120      # above: an error (no one living is older; the ID number is wrong)
# Monthly income (yuan): (lowest, highest) usual by employment status; outside warns.
# From the seeds' county reports and the generator's distributions (sync/synth/answers.py):
# medians 外出务工 5,200, 县内务工 3,000, 车间 2,300, 公益性岗位 900, 创业 5,000, 灵活 3,200,
# 务农 1,300. Above INCOME_MAX is an error: no monthly income of a rural worker is that high;
# it is a slip of the keyboard (99,999,999) or a yearly figure.
INCOME_BANDS = {"migrant": (1000, 30000), "county_job": (800, 20000), "workshop": (500, 8000),
                "public_post": (200, 3000), "self_employed": (0, 30000),
                "flexible": (300, 20000), "farming": (0, 10000)}
INCOME_MAX = 100000
INCOME_BAND = f". < 0 or . > {INCOME_MAX} or " + " and ".join(  # out of range: the error says it
    f"not(${{employment_status}} = '{status}' and (. < {low} or . > {high}))"
    for status, (low, high) in INCOME_BANDS.items())
INCOME_BAND_TEXT = ("外出务工1000至30000元、县内务工800至20000元、就业帮扶车间500至8000元、"
                    "公益性岗位200至3000元、自主创业0至30000元、灵活就业300至20000元、"
                    "务农0至10000元")
# 就业状态 against 务工地域: 外出务工 is work outside the county (the indicators count
# 乡（镇）内 and 乡（镇）外县内 together as 县内), 县内务工 inside it.
REGION_ERROR = ("not(${employment_status} = 'migrant' and . = 'in_township') and "
                "not(${employment_status} = 'county_job' and "
                "selected('in_province out_of_province abroad', .))")
REGION_WARNING = ("not(${employment_status} = 'migrant' and . = 'in_county') and "
                  "not(selected('workshop public_post', ${employment_status}) and "
                  "selected('in_province out_of_province abroad', .))")
LABOUR_AGE_MAX = (
    "if((" + POVERTY + ") and county-setting('poverty_labour_age_max') != '', "
    "county-setting('poverty_labour_age_max'), if(${sex} = 'female', "
    "county-setting('labour_age_max_female'), county-setting('labour_age_max_male')))")


def row(type_: str, name: str = "", zh: str = "", en: str = "", *,
        hint: tuple[str, str] | None = None, required: str = "",
        required_rule: tuple[str, str, str] | None = None, relevant: str = "",
        constraint: tuple[str, str, str, str] | None = None,
        warning: tuple[str, str, str, str] | None = None, calculation: str = "",
        read_only: str = "", appearance: str = "", mopai_type: str = "",
        choice_filter: str = "") -> dict[str, Any]:
    r: dict[str, Any] = {"type": type_, "name": name, "label::zh_CN": zh, "label::en": en,
                         "required": required, "relevant": relevant, "calculation": calculation,
                         "read_only": read_only, "appearance": appearance,
                         "mopai_type": mopai_type, "choice_filter": choice_filter}
    if hint:
        r["hint::zh_CN"], r["hint::en"] = hint
    if required_rule:
        r["required_message::zh_CN"], r["required_message::en"], r["required_code"] = required_rule
    if constraint:
        (r["constraint"], r["constraint_message::zh_CN"], r["constraint_message::en"],
         r["constraint_code"]) = constraint
    if warning:
        (r["warning_constraint"], r["warning_message::zh_CN"], r["warning_message::en"],
         r["warning_code"]) = warning
    return r


def household_rows() -> list[dict[str, Any]]:
    return [
        row("begin_group", "household", "户基本情况", "Household"),
        row("text", "village_code", "行政村", "Administrative village", required="yes",
            read_only="yes", hint=("12位统计用区划代码，由设备登记时预设",
                                   "12-digit village code, preset at device enrolment"),
            constraint=("regex(., '^[0-9]{12}$')", "行政村代码应为12位数字",
                        "the village code has 12 digits", "village_code_format")),
        row("text", "group", "村民小组", "Villagers' group"),
        row("text", "household_no", "户编号", "Household number", required="yes",
            hint=("在本村内唯一", "unique within the village")),
        row("text", "address", "家庭住址", "Address"),
        row("text", "phone", "户联系电话", "Household phone", constraint=PHONE,
            appearance="numbers"),
        row("select_one household_type", "household_type", "户类型", "Household type",
            required="yes"),
        row("select_one monitoring_category", "monitoring_category", "监测对象类别",
            "Monitoring category", required="yes", relevant="${household_type} = 'monitored'"),
        row("select_multiple help_measures", "help_measures", "帮扶措施", "Help measures",
            required="yes", relevant=POVERTY),
        row("text", "helper_name", "帮扶责任人", "Responsible helper"),
        row("text", "helper_phone", "帮扶责任人联系电话", "Helper's phone", constraint=PHONE,
            appearance="numbers"),
        row("date", "survey_date", "调查日期", "Survey date", required="yes",
            constraint=(". <= today()", "调查日期不能晚于今天，请改正调查日期",
                        "the survey date is in the future; correct it",
                        "survey_future"),
            warning=("today() - . <= 365", "调查日期已超过一年，请重新核实",
                     "the survey is more than a year old; check the household again",
                     "survey_old")),
        row("select_one survey_method", "survey_method", "调查方式", "Survey method",
            required="yes"),
        row("text", "surveyor", "调查人", "Surveyor", required="yes",
            hint=("默认为当前登录用户", "the signed-in user by default")),
        row("end_group"),
    ]


def basic_rows() -> list[dict[str, Any]]:
    return [
        row("begin_group", "member_basic", "基本情况", "Basic information"),
        row("text", "name", "姓名", "Name", required="yes"),
        # a text question to ODK; Mopai checks it as a resident ID number (docs/forms.md)
        row("text", "id_number", "证件号码", "ID number", required="yes", mopai_type="id_number",
            hint=("18位居民身份证号码", "18-character resident ID number"),
            constraint=(f"${{age}} = '' or ${{age}} <= {AGE_MAX}",
                        f"按证件号码算出的年龄超过{AGE_MAX}岁，不可能，请核对证件号码中的出生年份",
                        f"the age from the ID number is over {AGE_MAX}, which is impossible; "
                        "check the year of birth in the ID number", "age_impossible"),
            warning=(f"${{age}} = '' or ${{age}} <= {AGE_OLD} or ${{age}} > {AGE_MAX}",
                     f"按证件号码算出的年龄超过{AGE_OLD}岁，请核对证件号码；无误请填写说明",
                     f"the age from the ID number is over {AGE_OLD}; check the ID number, and "
                     "if it is right give a reason", "age_over_100")),
        row("select_one sex", "sex", "性别", "Sex", read_only="yes",
            calculation="id-sex(${id_number})",
            hint=("由证件号码得出", "derived from the ID number")),
        row("date", "birth_date", "出生日期", "Date of birth", read_only="yes",
            calculation="id-birth-date(${id_number})",
            hint=("由证件号码得出", "derived from the ID number")),
        row("integer", "age", "年龄", "Age", read_only="yes",
            calculation="age-at(${birth_date}, coalesce(${survey_date}, today()))",
            hint=("调查日期时的周岁", "full years at the survey date")),
        row("select_one relation", "relation", "与户主关系", "Relation to the head",
            required="yes",
            warning=(f"not(${{sex}} = 'male' and selected('{FEMALE_RELATIONS}', .)) and "
                     f"not(${{sex}} = 'female' and selected('{MALE_RELATIONS}', .))",
                     "与户主关系与性别不符，请核对与户主关系或证件号码",
                     "the relation to the head contradicts the sex; check the relation or the "
                     "ID number",
                     "2_01_004")),
        row("text", "phone", "联系电话", "Phone", constraint=PHONE, appearance="numbers"),
        row("select_one yes_no", "is_student", "是否在校生", "In school?", required="yes",
            hint=("含学龄前儿童；在校生填在校生状况，其他人填文化程度",
                  "including pre-school children; students get 在校生状况, others 文化程度")),
        row("select_one education", "education", "文化程度", "Education", required="yes",
            relevant="${is_student} = 'no'"),
        row("select_one student_status", "student_status", "在校生状况", "School status",
            required="yes", relevant="${is_student} = 'yes'"),
        row("select_multiple health", "health", "健康状况", "Health", required="yes",
            constraint=("not(selected(., 'healthy') and count-selected(.) > 1)",
                        "选择“健康”时不能再选其他健康状况",
                        "'healthy' cannot be combined with another condition",
                        "health_exclusive")),
        row("select_one labor_capacity", "labor_capacity", "劳动技能", "Working capacity",
            required="yes",
            constraint=("not(${age} < 16) or . = 'none'", "未满16周岁的劳动技能应为“无劳动力”",
                        "under 16: working capacity must be 'no working capacity'",
                        "2_01_011"),
            warning=("not(${age} >= 16 and ${age} < 60 and selected(${health}, 'healthy') and "
                     "${is_student} = 'no' and selected('none weak', .))",
                     "16至59周岁、健康、非在校生，劳动技能却为无劳动力或弱劳动力，请核实",
                     "aged 16-59, healthy and not in school, yet no or weak working capacity; "
                     "please check", "5_12_008")),
        row("end_group"),
        row("calculate", "labour_age_max", "劳动年龄上限", "Labour-age upper bound",
            calculation=LABOUR_AGE_MAX),
        row("calculate", "labour_age", "劳动年龄人口", "Of labour age",
            calculation="${age} >= county-setting('labour_age_min') and "
                        "${age} < ${labour_age_max}"),
        row("calculate", "has_capacity", "有劳动能力", "Has working capacity",
            calculation="selected('ordinary skilled weak', ${labor_capacity})"),
        row("calculate", "labour_force", "劳动力", "Labour force",
            calculation="${labour_age} and ${has_capacity} and ${is_student} = 'no'"),
    ]


def employment_rows() -> list[dict[str, Any]]:
    status = "${employment_status}"
    return [
        row("begin_group", "member_employment", "就业情况", "Employment",
            relevant="${has_capacity} and ${is_student} = 'no' and ${age} >= 16"),
        row("select_one employment_status", "employment_status", "就业状态",
            "Employment status", required="yes",
            warning=("not(. = 'migrant' and selected('none lost weak', ${labor_capacity}))",
                     "外出务工人员的劳动技能为无劳动力、丧失劳动力或弱劳动力，请核实",
                     "working away while having no, lost or weak working capacity; please check",
                     "2_01_015")),
        row("calculate", "working", "有工作", "Has work",
            calculation=f"{status} != '' and {status} != 'unemployed'"),
        row("select_one trade", "job_type", "工种", "Trade", relevant=WORKING),
        row("text", "job_type_text", "工种（具体）", "Trade, as said", relevant=WORKING,
            hint=("如：钢筋工、电子厂普工", "e.g. steel fixer, electronics line worker")),
        row("date", "start_month", "就业起始年月", "Working since (month)", relevant=WORKING,
            appearance="month-year"),
        row("integer", "monthly_income", "月收入（元）", "Monthly income (yuan)",
            required="yes", relevant=WORKING,
            constraint=(f". >= 0 and . <= {INCOME_MAX}",
                        f"月收入应在0至{INCOME_MAX}元之间（单位：元/月），请核对是否多输了位数"
                        "或填成了年收入",
                        f"the monthly income must be 0 to {INCOME_MAX:,} yuan; check for an "
                        "extra digit or a yearly figure", "income_range"),
            warning=(INCOME_BAND,
                     f"月收入不在该就业状态的常见范围内（{INCOME_BAND_TEXT}），请核实；"
                     "无误请填写说明",
                     "monthly income outside the usual range for this employment status; "
                     "check it, and if it is right give a reason", "income_band")),
        row("begin_group", "job", "务工情况", "Work away from the farm", relevant=AWAY),
        row("select_one work_region", "work_region", "务工地域", "Work region", required="yes",
            constraint=(REGION_ERROR,
                        "务工地域与就业状态矛盾：外出务工不能在乡（镇）内，县内务工不能在县外，"
                        "请改正就业状态或务工地域",
                        "the work region contradicts the employment status (working away "
                        "cannot be within the township, county work cannot be outside the "
                        "county); correct one of them", "region_status"),
            warning=(REGION_WARNING,
                     "务工地域与就业状态不太相符：外出务工一般在县外，就业帮扶车间和公益性岗位"
                     "一般在县内，请核实；无误请填写说明",
                     "the work region does not fit the employment status (working away is "
                     "usually outside the county, workshops and public posts inside it); "
                     "check, and if it is right give a reason", "region_status_check")),
        # 务工所在地: the province and the prefecture-level city chosen from GB/T 2260's lists
        # (forms/places.csv), the text for what the lists lack (county, town, park; abroad, the
        # country). Records typed as text before the lists are mapped on upgrade.
        row("select_one province", "work_province", "务工省份", "Province of work",
            relevant="${work_region} != 'abroad'", required="${months_worked} > 0",
            required_rule=("本年务工时间大于0时必须选择务工省份",
                           "a province of work is needed when months worked this year is above 0",
                           "workplace_months")),
        row("select_one city", "work_city", "务工城市", "City of work",
            relevant="${work_province} != ''", required="${months_worked} > 0",
            required_rule=("本年务工时间大于0时必须选择务工城市（地级市、州、盟）",
                           "a city of work (prefecture level) is needed when months worked this "
                           "year is above 0", "workplace_months"),
            choice_filter="province = ${work_province}"),
        row("text", "work_place", "务工所在地（详细）", "Place of work (detail)",
            hint=("县、乡镇、园区等列表中没有的；在国外务工写国家和城市",
                  "county, town, park… what the lists lack; abroad, the country and city"),
            required="${months_worked} > 0 and ${work_region} = 'abroad'",
            required_rule=("在国外务工且本年务工时间大于0时必须填写务工所在地",
                           "a place of work is needed abroad when months worked this year is "
                           "above 0", "workplace_months"),
            constraint=("${months_worked} > 0", "本年务工时间为0时不应填写务工所在地",
                        "no place of work when months worked this year is 0",
                        "workplace_months")),
        row("text", "employer", "务工单位名称", "Employer"),
        row("select_one industry", "industry", "从事行业", "Industry", required="yes",
            hint=("国民经济行业分类 GB/T 4754-2017 门类", "GB/T 4754-2017 section")),
        row("select_one channel", "channel", "就业渠道", "Employment channel", required="yes"),
        row("integer", "months_worked", "本年务工时间（月）", "Months worked this year",
            required="yes",
            constraint=(". >= 0 and . <= 12", "本年务工时间应在0至12个月之间",
                        "months worked this year must be 0 to 12", "months_range")),
        row("end_group"),
        row("text", "post_type", "公益性岗位类型", "Public-welfare post type", required="yes",
            relevant=f"{status} = 'public_post'"),
        row("select_one unemployed_reason", "unemployed_reason", "未就业原因",
            "Reason for not working", required="yes", relevant=f"{status} = 'unemployed'"),
        row("select_one yes_no", "wants_job", "就业意愿", "Wants a job", required="yes",
            relevant=f"{status} = 'unemployed' or {status} = 'farming'"),
        row("select_one trade", "desired_job", "意向工种", "Desired trade", required="yes",
            relevant="${wants_job} = 'yes'"),
        row("text", "desired_job_text", "意向工种（具体）", "Desired trade, as said",
            relevant="${wants_job} = 'yes'"),
        row("select_one work_region", "desired_region", "意向地域", "Desired region",
            required="yes", relevant="${wants_job} = 'yes'"),
        row("end_group"),
        row("calculate", "employed", "就业", "Employed",
            calculation=f"${{labour_force}} and ${{working}} and ({status} != 'farming' or "
                        "county-setting('farming_counts_as_employed'))"),
        row("calculate", "transfer_employed", "转移就业", "Transfer employed",
            calculation=f"${{employed}} and {status} != 'farming'"),
        row("calculate", "transfer_region", "转移就业地域", "Transfer employment region",
            calculation="if(${transfer_employed}, if(${work_region} = 'in_township' or "
                        "${work_region} = 'in_county', 'county', ${work_region}), '')"),
    ]


def wishes_rows() -> list[dict[str, Any]]:
    capable = "${labour_age} and ${has_capacity}"
    returned = "${returned} = 'yes'"
    return [
        row("begin_group", "member_wishes", "培训与创业意愿", "Training and business wishes",
            relevant=capable),
        row("select_one yes_no", "wants_training", "培训意愿", "Wants training", required="yes"),
        row("select_one trade", "desired_training", "意向培训工种", "Desired training",
            required="yes", relevant="${wants_training} = 'yes'"),
        row("text", "desired_training_text", "意向培训工种（具体）", "Desired training, as said",
            relevant="${wants_training} = 'yes'"),
        row("select_one yes_no", "wants_business", "创业意愿", "Wants to start a business",
            required="yes"),
        row("end_group"),
        row("begin_group", "member_return", "返乡情况", "Return home", relevant="${labour_age}"),
        row("select_one yes_no", "returned", "是否返乡人员", "Returned home?", required="yes"),
        row("date", "return_date", "返乡日期", "Date of return", required="yes",
            relevant=returned),
        row("date", "planned_departure", "拟外出日期", "Planned departure", relevant=returned),
        row("select_one transport", "transport", "出行方式", "Means of travel",
            relevant=returned),
        row("end_group"),
        row("select_multiple policies", "policies", "享受政策", "Policies received",
            relevant=f"${{working}} or ({capable})",
            hint=("就业人员及参加培训的人员填写", "for people in work or trained"),
            constraint=("not(selected(., 'none') and count-selected(.) > 1)",
                        "选择“无”时不能再选其他政策", "'none' cannot be combined with a policy",
                        "policies_exclusive")),
    ]


def survey_rows() -> list[dict[str, Any]]:
    return [
        *household_rows(),
        row("begin_repeat", "members", "家庭成员", "Household members"),
        *basic_rows(), *employment_rows(), *wishes_rows(),
        row("end_repeat"),
        row("calculate", "member_count", "家庭人口数", "Household size",
            calculation="count(${members})"),
    ]


def build(out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(COLUMNS)
    for r in survey_rows():
        ws.append([r.get(c, "") or None for c in COLUMNS])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::zh_CN", "label::en", "province"])
    for list_name, items in LISTS.items():
        for name, zh, en in items:
            choices.append([list_name, name, zh, en])
    # 务工省份 and 务工城市 (GB/T 2260, forms/places.csv): a city's `province` column is what
    # work_city's choice_filter reads; a city has no English name (its Chinese one is shown)
    for p in places.provinces():
        choices.append(["province", p.code, p.name, p.name_en])
    for c in places.cities():
        choices.append(["city", c.code, c.name, None, c.province])
    settings = wb.create_sheet("settings")
    # One title, in the default language: pyxform has no translated form_title.
    settings.append(["form_id", "version", "default_language", "form_title"])
    settings.append(["labor_survey", VERSION, "zh_CN", "农村劳动力摸底调查表"])
    for sheet in wb.worksheets:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for i, column in enumerate(sheet.columns, start=1):
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 10), 60)
    wb.save(out)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "forms" / "labor_survey.xlsx"
    build(target)
    print(f"wrote {target}")
