#!/usr/bin/env python3
"""Deterministic synthetic corpus of the seeds' genre, for benchmarks and scale tests only.

usage: gen_corpus.py OUT_DIR N_DOCS [--seed S] [--mean-bytes B] [--cp949-share F]

Documents mix page chrome, headlines, bullets and sentences built from the
relation patterns of the extractor (issued, locatedIn, cooperatesWith, leads,
participatesIn, targets), over thousands of distinct synthetic names (zones,
firms, institutes, programmes) plus real lexicon names. Same arguments, same bytes.
"""
import argparse
import os
import random

SYL = "가나다라마바사아자차카타파하강난당랑망방상앙장창광황중루쥔린샤오웨이톈화신"
PLACES = ["베이징", "상하이", "톈진", "충칭", "광둥", "저장", "장쑤", "허난", "후베이", "쓰촨", "선전", "항저우",
          "우한", "청두", "시안", "난징", "하얼빈", "칭다오", "샤먼", "허페이"]
AGENCIES = ["국무원", "국가발전개혁위원회", "공업정보화부", "중국 과학기술부", "상무부", "재정부", "국가지적재산권국"]
KOREA = ["미래창조과학부", "과학기술정보통신부", "산업통상자원부"]
TITLES = ["장관", "부장", "회장", "이사장", "원장"]
CHROME = ["본문 바로가기", "로그인 | 회원가입 | 고객센터", "페이스북 트위터 카카오스토리 공유하기",
          "Copyright ⓒ 2024 과학기술뉴스. All rights reserved.", "0 / 1000"]


def name(rng, n):
    return "".join(rng.choice(SYL) for _ in range(n))


def document(rng, mean_bytes):
    firms = [name(rng, 3) + rng.choice(["그룹", "홀딩스", "테크놀로지"]) for _ in range(4)]
    zones = [rng.choice(PLACES) + " " + name(rng, 2) + rng.choice(["산업단지", "하이테크파크", "시범구", "신구"])
             for _ in range(3)]
    orgs = [name(rng, 3) + rng.choice(["연구소", "대학교", "혁신센터"]) for _ in range(2)]
    progs = ["'" + name(rng, 2) + " " + rng.choice(["산업 발전", "혁신 촉진", "디지털 전환"]) + " " +
             rng.choice(["방안", "계획", "지침", "실시의견"]) + "'" for _ in range(2)]
    people = [name(rng, 3) for _ in range(2)]
    y, m, d = rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)
    lines = [rng.choice(CHROME), rng.choice(CHROME), "", f"{rng.choice(AGENCIES)}, {progs[0]} 발표", "",
             f"기사입력 {y}-{m:02d}-{d:02d}", ""]
    patterns = [
        lambda: f"- {rng.choice(AGENCIES)}는 {rng.choice(progs)}을 발표하고 {rng.choice(zones)}와 {rng.choice(PLACES)}를 시범지역으로 지정함.",
        lambda: f"- 한국의 {name(rng, 3)}사는 {rng.choice(firms)}과 제휴하여 {rng.choice(zones)}에 연구개발센터를 설립함.",
        lambda: f"- {rng.choice(firms)}는 {rng.choice(orgs)}와 인공지능 분야에서 전략적 협력 협약을 체결했다.",
        lambda: f"{rng.choice(people)} {rng.choice(KOREA)} {rng.choice(TITLES)}은 {rng.choice(PLACES)}에서 한중 과학기술장관회의를 개최했다.",
        lambda: f"○ {rng.choice(PLACES)} 서부에 위치한 {rng.choice(zones)}는 올해 매출이 늘었다.",
        lambda: f"- {rng.choice(orgs)}는 {rng.choice(AGENCIES)}의 지원을 받아 새로운 기술을 개발함.",
        lambda: f"□ {rng.choice(['정책동향', '기술동향', '지역동향'])}",
    ]
    size = sum(len(x.encode()) for x in lines)
    target = max(500, int(rng.expovariate(1.0 / mean_bytes)))
    while size < target:
        line = rng.choice(patterns)()
        lines.append(line)
        size += len(line.encode()) + 1
    lines += ["", rng.choice(CHROME)]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--mean-bytes", type=int, default=4000)
    ap.add_argument("--cp949-share", type=float, default=0.05)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for i in range(a.n):
        sub = os.path.join(a.out, f"{i // 1000:04d}")
        os.makedirs(sub, exist_ok=True)
        text = document(rng, a.mean_bytes)
        cp949 = rng.random() < a.cp949_share
        data = text.encode("cp949", errors="replace") if cp949 else text.encode("utf-8")
        with open(os.path.join(sub, f"doc{i:07d}.txt"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
