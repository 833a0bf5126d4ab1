#!/usr/bin/env python3
"""Headless Chromium (Debian's chromium + chromium-driver, driven by selenium) through the pages
of a running `connect serve`: the programs page, sign-in as the demo user, the dashboard, one
match's AI explanation, a chat question whose answer streams in, the phone layout and the English
switch. Screenshots go to --screenshots. Exits 0 when every check holds, 1 otherwise (with a
screenshot and the page's HTML of the failure). Run by BrowserTests.swift."""

import argparse
import os
import sys
import time
import traceback

# Never let selenium-manager try to download a browser or driver: Debian's are given explicitly.
os.environ.setdefault("SE_OFFLINE", "true")

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

EMAIL = "demo@connectplt.kr"
PASSWORD = "Connect!2026"
SOURCES = {"AI 생성", "오프라인 모델", "대체 응답(오프라인)"}


def check(condition, message):
    if not condition:
        raise AssertionError(message)


class Run:
    def __init__(self, driver, base, folder):
        self.driver, self.base, self.folder = driver, base.rstrip("/"), folder
        self.wait = WebDriverWait(driver, 30)
        self.shots = 0

    def shot(self, name):
        self.shots += 1
        path = os.path.join(self.folder, f"{self.shots:02d}-{name}.png")
        self.driver.save_screenshot(path)
        print(f"screenshot {path}")

    def lang(self):
        return self.driver.find_element(By.TAG_NAME, "html").get_attribute("lang")

    def programs(self):
        self.driver.get(self.base + "/")
        check(self.lang() == "ko", "the programs page is Korean by default")
        check("지원사업" in self.driver.title, f"title: {self.driver.title}")
        cards = self.driver.find_elements(By.CSS_SELECTOR, "article.program")
        check(len(cards) > 0, "programs are listed")
        label = self.driver.find_element(By.CSS_SELECTOR, "label[for=keyword]")
        check(label.text == "검색어", "the keyword field is labelled")
        self.shot("programs")

    def sign_in(self):
        self.driver.find_element(By.LINK_TEXT, "로그인").click()
        self.wait.until(EC.presence_of_element_located((By.ID, "email")))
        self.driver.find_element(By.ID, "email").send_keys(EMAIL)
        self.driver.find_element(By.ID, "password").send_keys(PASSWORD)
        self.shot("sign-in")
        self.driver.find_element(By.ID, "sign-in-submit").click()
        self.wait.until(EC.url_matches(r"/dashboard$"))
        session = self.driver.get_cookie("connect_session")
        check(session is not None, "the session cookie is set")
        check(session.get("httpOnly") is True, "the session cookie is HttpOnly")
        check(session.get("sameSite") == "Lax", f"the session cookie is SameSite=Lax: {session.get('sameSite')}")
        visible = self.driver.execute_script("return document.cookie")
        check("connect_session" not in visible, "scripts cannot read the session cookie")

    def dashboard(self):
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.match")))
        check("(주)커넥트소프트" in self.driver.page_source, "the demo company's dashboard")
        scores = [int(e.text) for e in self.driver.find_elements(By.CSS_SELECTOR, "article.match .score strong")]
        check(len(scores) == 5 and scores == sorted(scores, reverse=True), f"five matches, best first: {scores}")
        self.driver.find_element(By.CSS_SELECTOR, "article.match details summary").click()
        self.shot("dashboard")

    def explanation(self):
        self.driver.find_element(By.CSS_SELECTOR, "a.explain-link").click()
        source = self.wait.until(EC.presence_of_element_located((By.ID, "explanation-source")))
        check(source.text in SOURCES, f"the explanation is marked by its source: {source.text!r}")
        summary = self.driver.find_element(By.ID, "explanation-summary").text
        check(len(summary) > 20, f"the explanation has a summary: {summary!r}")
        self.driver.execute_script("document.getElementById('explanation').scrollIntoView()")
        self.shot("explanation")
        print(f"explanation source: {source.text}")

    def chat(self):
        self.driver.get(self.base + "/dashboard")
        box = self.wait.until(EC.element_to_be_clickable((By.ID, "chat-message")))
        box.send_keys("AI 분야에서 우리 회사에 맞는 과제를 추천해 주세요")
        self.driver.find_element(By.ID, "chat-send").click()
        answer = self.driver.find_element(By.ID, "chat-answer")
        lengths = set()
        deadline = time.monotonic() + 60
        while answer.get_attribute("data-done") != "true" and time.monotonic() < deadline:
            lengths.add(len(answer.text))
            time.sleep(0.02)
        check(answer.get_attribute("data-done") == "true", f"the stream finished: {answer.text!r}")
        check(answer.get_attribute("aria-live") == "polite", "the answer is a polite live region")
        check(answer.get_attribute("aria-busy") == "false", "the live region is no longer busy")
        check(self.driver.current_url.endswith("/dashboard"), "the page did not reload: the script read the stream")
        text = answer.text
        check(len(text) > 20 and "답변을 받지 못했습니다" not in text, f"a streamed reply: {text!r}")
        source = self.driver.find_element(By.ID, "chat-source").text
        check(source in SOURCES, f"the reply is marked by its source: {source!r}")
        self.driver.execute_script("document.getElementById('chat').scrollIntoView()")
        self.shot("chat")
        print(f"chat reply ({source}, {len(lengths)} lengths seen while streaming): {text[:80]!r}")

    def phone(self):
        self.driver.set_window_size(390, 844)
        self.driver.get(self.base + "/dashboard")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.match")))
        overflow = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        check(overflow <= 1, f"no sideways scrolling on a phone ({overflow}px)")
        self.shot("dashboard-phone")
        self.driver.set_window_size(1280, 1000)

    def english(self):
        self.driver.get(self.base + "/dashboard")
        self.driver.find_element(By.ID, "language-switch").click()
        self.wait.until(lambda d: self.lang() == "en")
        check("Dashboard" in self.driver.page_source, "the dashboard in English")
        self.shot("dashboard-english")
        # Back to Korean for whoever opens the demo next in this profile.
        self.driver.find_element(By.ID, "language-switch").click()
        self.wait.until(lambda d: self.lang() == "ko")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)

    options = Options()
    options.binary_location = args.chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,1000", "--lang=ko-KR", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(args.chromedriver), options=options)
    run = Run(driver, args.base_url, args.screenshots)
    try:
        for step in (run.programs, run.sign_in, run.dashboard, run.explanation, run.chat, run.phone, run.english):
            step()
            print(f"ok {step.__name__}")
    except Exception:
        traceback.print_exc()
        try:
            driver.save_screenshot(os.path.join(args.screenshots, "failure.png"))
            with open(os.path.join(args.screenshots, "failure.html"), "w", encoding="utf-8") as page:
                page.write(driver.page_source)
            print(f"failure at {driver.current_url}; see failure.png and failure.html")
        except Exception:
            pass
        return 1
    finally:
        driver.quit()
    print("browser check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
