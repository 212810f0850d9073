"""The code lists of the labour survey (domain.md), as (name, 中文, English) triples.

Used only by ``build_labor_survey.py`` to write the first version of the workbook; after that
the committed ``labor_survey.xlsx`` is the source of truth and these lists are history. The
Chinese labels are exactly those of domain.md so that Excel files exchanged with the 防返贫 and
人社 systems match; the ASCII names are stable and are what records store.
"""

from __future__ import annotations

from mopai.forms import trades

Choices = list[tuple[str, str, str]]

LISTS: dict[str, Choices] = {
    "yes_no": [("yes", "是", "Yes"), ("no", "否", "No")],
    "sex": [("male", "男", "Male"), ("female", "女", "Female")],
    "household_type": [
        ("ordinary", "一般农户", "Ordinary rural household"),
        ("poverty_alleviated", "脱贫户", "Household lifted out of poverty"),
        ("monitored", "监测户", "Monitored household"),
    ],
    "monitoring_category": [
        ("unstable", "脱贫不稳定户", "Unstable after poverty alleviation"),
        ("marginal", "边缘易致贫户", "Marginal, prone to poverty"),
        ("sudden_hardship", "突发严重困难户", "Sudden severe hardship"),
    ],
    "help_measures": [
        ("industry", "产业帮扶", "Industry support"),
        ("employment", "就业帮扶", "Employment support"),
        ("finance", "金融帮扶", "Financial support"),
        ("public_welfare_post", "公益岗位帮扶", "Public-welfare post"),
        ("skills_training", "技能培训", "Skills training"),
        ("other", "其他", "Other"),
    ],
    "survey_method": [("visit", "入户", "Home visit"), ("phone", "电话", "Telephone"),
                      ("other", "其他", "Other")],
    "relation": [
        ("head", "户主", "Head of household"), ("spouse", "配偶", "Spouse"),
        ("son", "之子", "Son"), ("daughter", "之女", "Daughter"),
        ("daughter_in_law", "之儿媳", "Daughter-in-law"), ("son_in_law", "之女婿", "Son-in-law"),
        ("grandson", "之孙子", "Grandson (son's son)"),
        ("granddaughter", "之孙女", "Granddaughter (son's daughter)"),
        ("grandson_maternal", "之外孙子", "Grandson (daughter's son)"),
        ("granddaughter_maternal", "之外孙女", "Granddaughter (daughter's daughter)"),
        ("father", "之父", "Father"), ("mother", "之母", "Mother"),
        ("wife_father", "之岳父", "Father-in-law (wife's father)"),
        ("wife_mother", "之岳母", "Mother-in-law (wife's mother)"),
        ("husband_father", "之公公", "Father-in-law (husband's father)"),
        ("husband_mother", "之婆婆", "Mother-in-law (husband's mother)"),
        ("grandfather", "之祖父", "Grandfather (paternal)"),
        ("grandmother", "之祖母", "Grandmother (paternal)"),
        ("grandfather_maternal", "之外祖父", "Grandfather (maternal)"),
        ("grandmother_maternal", "之外祖母", "Grandmother (maternal)"),
        ("sibling", "之兄弟姐妹", "Brother or sister"),
        ("great_grandson", "之曾孙子", "Great-grandson"),
        ("great_granddaughter", "之曾孙女", "Great-granddaughter"),
        ("nephew", "之侄儿", "Nephew"), ("niece", "之侄女", "Niece"),
        ("brother_wife", "之兄弟媳妇", "Sister-in-law (brother's wife)"),
        ("uncle", "之叔伯", "Uncle (father's brother)"),
        ("other", "其他", "Other"),
    ],
    "education": [
        ("illiterate", "文盲或半文盲", "Illiterate or semi-literate"),
        ("primary", "小学", "Primary school"), ("junior", "初中", "Junior secondary"),
        ("senior", "高中", "Senior secondary"),
        ("secondary_vocational", "中专", "Secondary vocational"),
        ("college", "大专", "Junior college"), ("bachelor_plus", "本科及以上", "Bachelor or above"),
    ],
    "student_status": [
        ("preschool_child", "学龄前儿童", "Pre-school-age child"),
        ("preschool", "学前教育", "Pre-school education"), ("primary", "小学", "Primary school"),
        ("junior", "初中", "Junior secondary"), ("senior", "高中", "Senior secondary"),
        ("vocational", "中职", "Secondary vocational"),
        ("higher_vocational", "高职高专", "Higher vocational / junior college"),
        ("bachelor", "本科", "Bachelor"), ("postgraduate", "硕士研究生及以上", "Master or above"),
    ],
    "health": [
        ("healthy", "健康", "Healthy"), ("chronic", "长期慢性病", "Long-term chronic illness"),
        ("serious_illness", "患有大病", "Serious illness"), ("disabled", "残疾", "Disability"),
    ],
    "labor_capacity": [
        ("ordinary", "普通劳动力", "Ordinary labour"), ("skilled", "技能劳动力", "Skilled labour"),
        ("weak", "弱劳动力或半劳动力", "Weak or half labour"),
        ("lost", "丧失劳动力", "Lost working capacity"), ("none", "无劳动力", "No working capacity"),
    ],
    "employment_status": [
        ("migrant", "外出务工", "Working away from home"),
        ("county_job", "县内务工", "Working within the county"),
        ("workshop", "就业帮扶车间", "Employment-support workshop"),
        ("public_post", "公益性岗位", "Public-welfare post"),
        ("self_employed", "自主创业", "Own business"),
        ("flexible", "灵活就业", "Flexible employment"),
        ("farming", "务农", "Farming"), ("unemployed", "未就业", "Not employed"),
    ],
    "work_region": [
        ("in_township", "乡（镇）内", "Within the township"),
        ("in_county", "乡（镇）外县内", "Outside the township, within the county"),
        ("in_province", "县外省内", "Outside the county, within the province"),
        ("out_of_province", "省外", "Outside the province"), ("abroad", "国外", "Abroad"),
    ],
    "industry": [
        ("A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
        ("B", "采矿业", "Mining"), ("C", "制造业", "Manufacturing"),
        ("D", "电力、热力、燃气及水生产和供应业",
         "Production and supply of electricity, heat, gas and water"),
        ("E", "建筑业", "Construction"), ("F", "批发和零售业", "Wholesale and retail trade"),
        ("G", "交通运输、仓储和邮政业", "Transport, storage and postal services"),
        ("H", "住宿和餐饮业", "Accommodation and catering"),
        ("I", "信息传输、软件和信息技术服务业",
         "Information transmission, software and information technology services"),
        ("J", "金融业", "Finance"), ("K", "房地产业", "Real estate"),
        ("L", "租赁和商务服务业", "Leasing and business services"),
        ("M", "科学研究和技术服务业", "Scientific research and technical services"),
        ("N", "水利、环境和公共设施管理业",
         "Management of water conservancy, environment and public facilities"),
        ("O", "居民服务、修理和其他服务业", "Resident services, repair and other services"),
        ("P", "教育", "Education"), ("Q", "卫生和社会工作", "Health and social work"),
        ("R", "文化、体育和娱乐业", "Culture, sports and entertainment"),
        ("S", "公共管理、社会保障和社会组织",
         "Public administration, social security and social organisations"),
        ("T", "国际组织", "International organisations"),
    ],
    "channel": [
        ("government", "政府组织", "Organised by government"),
        ("spontaneous", "自发", "On own initiative"),
        ("enterprise", "企业组织", "Organised by an enterprise"),
        ("workshop", "就业帮扶车间", "Employment-support workshop"), ("other", "其他", "Other"),
    ],
    "unemployed_reason": [
        ("family_care", "照料家庭", "Caring for family"), ("lack_skills", "缺乏技能", "Lacks skills"),
        ("health", "身体原因", "Health reasons"), ("no_suitable_job", "无合适岗位", "No suitable job"),
        ("other", "其他", "Other"),
    ],
    "transport": [
        ("self", "自行", "On own"), ("chartered", "包车", "Chartered vehicle"),
        ("train", "火车", "Train"), ("plane", "飞机", "Plane"), ("other", "其他", "Other"),
    ],
    "policies": [
        ("transport_subsidy", "交通补贴", "Transport subsidy"),
        ("job_search_subsidy", "一次性求职补贴", "One-off job-search subsidy"),
        ("post_subsidy", "岗位补贴", "Post subsidy"),
        ("training_subsidy", "培训补贴", "Training subsidy"),
        ("business_subsidy", "创业补贴", "Business start-up subsidy"),
        ("social_insurance_subsidy", "社保补贴", "Social-insurance subsidy"),
        ("none", "无", "None"),
    ],
    # 工种 (issue 21): one source, forms/trades.py, with the keyword table that reads free text
    "trade": trades.choices(),
}

MALE_RELATIONS = ("son son_in_law grandson grandson_maternal father wife_father husband_father "
                  "grandfather grandfather_maternal great_grandson nephew uncle")
FEMALE_RELATIONS = ("daughter daughter_in_law granddaughter granddaughter_maternal mother "
                    "wife_mother husband_mother grandmother grandmother_maternal "
                    "great_granddaughter niece brother_wife")
