#!/usr/bin/python3
"""Writes schema/data/gazetteer/countries.tsv: every country and territory, and
the world regions the Korean press treats as places, in the gazetteer format
(schema/data/gazetteer/README.md).

    scripts/gen_countries.py > schema/data/gazetteer/countries.tsv

What it reads: the CLDR locale data compiled into ICU, through PyICU (Debian's
`python3-icu`; hence /usr/bin/python3, the interpreter that package serves):
  - the ISO 3166-1 alpha-2 codes ICU knows (Locale.getISOCountries), plus XK
    (Kosovo, a user-assigned code CLDR names);
  - each region's display name in Korean ("ko"), simplified Chinese
    ("zh_Hans") and English ("en");
  - the CLDR alt="short" and alt="variant" names (ICU resource bundle
    "Countries%short" / "Countries%variant" of ICUDATA-region), which become
    aliases (Korean, Chinese) or extra English names;
  - the Korean, Chinese and English names of the UN M49 regions listed in
    REGIONS below.
Everything else is typed in this file: the ids that schema/data/places.tsv
already gives (OLD_IDS, reused so the entries merge), the Korean press forms
that CLDR does not give (PRESS: canonical form where the press writes another
one than CLDR, and aliases), extra English names and acronyms (EN_EXTRA), and
the regions that are not M49 regions (중동, 동북아시아, 인도태평양 ...).

kg never runs this script: its output is committed, and the build reads only
the .tsv. Rerun it (and review the diff) after an ICU/CLDR upgrade.
"""
import sys

import icu

SKIP = {
    # Not ISO 3166-1 (CLDR-only region codes).
    'DG', 'EA', 'IC',
    # Written in cn_places.tsv, with the ids places.tsv gives them.
    'HK', 'MO', 'TW',
}
EXTRA_CODES = ['XK']

# ISO code -> id used by schema/data/places.tsv (one level up).
OLD_IDS = {
    'CN': 'china', 'KR': 'korea', 'KP': 'north-korea', 'US': 'usa', 'JP': 'japan',
    'RU': 'russia', 'DE': 'germany', 'FR': 'france', 'GB': 'uk', 'IT': 'italy',
    'AT': 'austria', 'CH': 'switzerland', 'IL': 'israel', 'IN': 'india',
    'VN': 'vietnam', 'TH': 'thailand', 'ID': 'indonesia', 'MY': 'malaysia',
    'SG': 'singapore', 'PH': 'philippines', 'KH': 'cambodia', 'LA': 'laos',
    'MM': 'myanmar', 'MN': 'mongolia', 'KZ': 'kazakhstan', 'PK': 'pakistan',
    'AU': 'australia', 'CA': 'canada', 'BR': 'brazil', 'SA': 'saudi-arabia',
    'AE': 'uae',
}

# ISO code -> (canonical Korean form the press uses where it differs from
# CLDR's display name, or None; [other press forms]). The CLDR name becomes an
# alias when it is replaced.
PRESS = {
    'KR': (None, ['한국', '남한']),
    'KP': (None, ['조선민주주의인민공화국']),
    'CN': (None, ['중화인민공화국']),
    'US': (None, ['미합중국']),
    'RU': (None, ['러시아연방']),
    'AU': ('호주', []),
    'ZA': ('남아프리카공화국', ['남아공']),
    'CD': ('콩고민주공화국', ['민주콩고']),
    'CG': ('콩고공화국', []),
    'CF': ('중앙아프리카공화국', []),
    'DO': ('도미니카공화국', []),
    'TR': ('튀르키예', ['터키']),
    'VA': ('바티칸', []),
    'PS': ('팔레스타인', []),
    'AQ': ('남극', ['남극대륙']),
    'SG': (None, ['싱가폴']),
    'SA': (None, ['사우디']),
    'AE': (None, ['아랍에미리트연합']),
    'MM': (None, ['버마']),
    'GE': (None, ['그루지야']),
    'BY': (None, ['벨로루시']),
    'KG': (None, ['키르기즈스탄', '키르기스']),
    'MK': (None, ['마케도니아']),
    'CV': (None, ['케이프베르데']),
    'ES': (None, ['에스파냐']),
    'BA': (None, ['보스니아']),
    'MN': (None, ['몽골국', '蒙古国']),
}

EN_EXTRA = {
    'US': ['USA', 'U.S.', 'United States of America'],
    'GB': ['Britain', 'Great Britain'],
    'KR': ['Korea', 'ROK', 'Republic of Korea'],
    'KP': ['DPRK'],
    'CN': ['PRC', "People's Republic of China"],
    'RU': ['Russian Federation'],
    'AE': ['UAE'],
    'VN': ['Viet Nam'],
    'LA': ['Lao PDR'],
    'SA': ['KSA'],
    'MM': ['Burma'],
    'CI': ["Cote d'Ivoire"],
    'TR': ['Turkey'],
}

# M49 code -> (id, canonical Korean where the press writes another form than
# CLDR, zh override, [press aliases]).
REGIONS = [
    ('142', 'region-asia', None, None, []),
    ('030', 'region-east-asia', None, None, []),
    ('035', 'southeast-asia', None, None, ['동남아']),
    ('034', 'region-south-asia', None, None, []),
    ('143', 'region-central-asia', None, None, ['중앙아']),
    ('145', 'region-west-asia', None, None, []),
    ('150', 'europe', None, None, []),
    ('151', 'region-eastern-europe', None, None, []),
    ('155', 'region-western-europe', None, None, []),
    ('154', 'region-northern-europe', None, None, []),
    ('039', 'region-southern-europe', None, None, []),
    ('002', 'africa', None, None, []),
    ('015', 'region-north-africa', '북아프리카', None, []),
    ('202', 'region-sub-saharan-africa', '사하라 이남 아프리카', None, []),
    ('019', 'region-americas', '아메리카', None, ['미주지역']),
    ('021', 'region-north-america', '북미', '北美', ['북아메리카', '북미지역']),
    ('005', 'region-south-america', '남미', None, []),
    ('419', 'region-latin-america', '중남미', None, ['중남미지역', '中南美']),
    ('013', 'region-central-america', '중미', None, []),
    ('029', 'region-caribbean', None, None, ['카리브해']),
    ('009', 'region-oceania', None, None, []),
]
REGION_EN = {'021': ['North America'], '030': ['East Asia'], '034': ['South Asia'], '145': ['West Asia'],
             '015': ['North Africa'], '029': ['Caribbean region']}
# Regions that are not M49 regions: (id, ko, zh, en, [aliases]).
OTHER_REGIONS = [
    ('region-middle-east', '중동', '中东', 'Middle East', ['중동지역']),
    ('region-northeast-asia', '동북아시아', '东北亚', 'Northeast Asia', ['동북아']),
    ('region-asia-pacific', '아시아태평양', '亚太', 'Asia-Pacific|Asia Pacific', ['아태', '아태지역', '아시아·태평양']),
    ('region-indo-pacific', '인도태평양', '印太', 'Indo-Pacific', ['인태', '인도·태평양']),
    ('region-cee', '중동부유럽', '中东欧', 'Central and Eastern Europe|CEE', ['중·동부유럽', '중·동유럽']),
    ('region-eurasia', '유라시아', '欧亚', 'Eurasia', []),
    ('region-arctic', '북극', '北极', 'Arctic', ['북극권']),
]

CLDR = 'CLDR via ICU ' + icu.ICU_VERSION
PRESS_SRC = CLDR + '; press usage'


def bundle(locale, key):
    rb = icu.ResourceBundle('ICUDATA-region', icu.Locale(locale))
    try:
        t = rb.get(key)
    except icu.ICUError:
        return {}
    return {t.get(i).getKey(): t.get(i).getString() for i in range(t.getSize())}


def name(code, locale):
    return icu.Locale('und_' + code).getDisplayCountry(icu.Locale(locale))


def english(code, extra=()):
    """CLDR's English name ('&' spelt 'and', 'St.' spelt 'Saint'), CLDR's own
    spelling when that differs, the CLDR short and variant names, then extras."""
    cldr = name(code, 'en')
    out = []
    for n in (cldr.replace(' & ', ' and ').replace('St. ', 'Saint '), cldr,
              EN_SHORT.get(code), EN_VARIANT.get(code), *extra):
        if n and n not in out:
            out.append(n)
    return '|'.join(out)


def line(cols):
    assert len(cols) == 11 and all('\t' not in c and '\n' not in c for c in cols), cols
    return '\t'.join(cols)


KO_SHORT, KO_VARIANT = bundle('ko', 'Countries%short'), bundle('ko', 'Countries%variant')
ZH_SHORT, ZH_VARIANT = bundle('zh_Hans', 'Countries%short'), bundle('zh_Hans', 'Countries%variant')
EN_SHORT, EN_VARIANT = bundle('en', 'Countries%short'), bundle('en', 'Countries%variant')


def main():
    out = sys.stdout
    out.write('# Countries and territories (ISO 3166-1, plus XK Kosovo) and the world regions\n'
              '# the Korean press treats as places, in Korean, simplified Chinese and English.\n'
              '# Generated by scripts/gen_countries.py from the CLDR data in ICU %s\n'
              '# (Korean, zh_Hans and English display names, CLDR short/variant names), plus\n'
              '# Korean press forms typed in that script. Hong Kong, Macau and Taiwan are in\n'
              '# cn_places.tsv. Blocs and organisations (EU, ASEAN, OECD ...) are not places.\n'
              '# Do not edit by hand: edit the script and rerun it.\n' % icu.ICU_VERSION)
    codes = sorted((set(icu.Locale.getISOCountries()) | set(EXTRA_CODES)) - SKIP)
    for code in codes:
        cldr_ko = name(code, 'ko')
        press_ko, press_aliases = PRESS.get(code, (None, []))
        ko = press_ko or cldr_ko
        aliases = []
        for a in ([cldr_ko] if press_ko else []) + [KO_SHORT.get(code), KO_VARIANT.get(code)] + press_aliases:
            if a and a != ko and a not in aliases:
                aliases.append(a)
        zh = name(code, 'zh_Hans')
        for z in (ZH_SHORT.get(code), ZH_VARIANT.get(code)):
            if z and z != zh and z not in aliases:
                aliases.append(z)
        id_ = OLD_IDS.get(code, 'country-' + code.lower())
        src = PRESS_SRC if code in PRESS else CLDR
        out.write(line([id_, 'Place', code, ko, zh, '', english(code, EN_EXTRA.get(code, ())),
                        '|'.join(aliases), '', '', src]) + '\n')
    out.write('# World regions (UN M49 names from CLDR, press forms added)\n')
    for m49, id_, press_ko, zh_override, press_aliases in REGIONS:
        cldr_ko = name(m49, 'ko')
        ko = press_ko or cldr_ko
        aliases = []
        for a in ([cldr_ko] if press_ko else []) + press_aliases:
            if a != ko and a not in aliases:
                aliases.append(a)
        zh = zh_override or name(m49, 'zh_Hans')
        if zh_override and name(m49, 'zh_Hans') not in aliases:
            aliases.append(name(m49, 'zh_Hans'))
        src = PRESS_SRC if (press_ko or press_aliases or zh_override) else CLDR
        en = '|'.join([name(m49, 'en')] + REGION_EN.get(m49, []))
        out.write(line([id_, 'Place', '', ko, zh, '', en, '|'.join(aliases), '', '',
                        src + ' (M49 ' + m49 + ')']) + '\n')
    for id_, ko, zh, en, aliases in OTHER_REGIONS:
        out.write(line([id_, 'Place', '', ko, zh, '', en, '|'.join(aliases), '', '', 'press usage']) + '\n')


if __name__ == '__main__':
    main()
