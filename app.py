"""Neural Network Basics Lab: routes only."""
import streamlit as st

import ui
from core import hosting
from ui import assignment, challenges, warmup

st.set_page_config(page_title="Neural Network Basics Lab", page_icon=":material/neurology:", layout="wide")
if hosting.limits().hosted:  # a hosted demo's visitors get a short message, never a traceback
    st.set_option("client.showErrorDetails", "none")
pages = [st.Page("lessons/home.py", title="Home", icon=":material/home:", default=True)]
pages += [st.Page(lesson.path, title=lesson.title, icon=lesson.icon, url_path=lesson.slug)
          for lesson in ui.LESSONS]
warmup.start()  # once per server: every tab's default result, in the background
ui.readable_theme()  # contrast fixes the theme options cannot express
page = st.navigation(pages)
# after the navigation: mounted before it, a deep link to /mnist under CPU load landed on Home in 2 of 4 runs
# of the round-2 challenge browser test (the browser's first answer reran before the page was known); 0 of 4 after
challenges.mount()  # the learner's progress, kept in their own browser
lesson = next((each for each in ui.LESSONS if each.slug == page.url_path), None)
if lesson:  # an assignment link: lock and hide controls, show the task and the goal
    assignment.begin(lesson.slug)
    top = st.container()
with ui.queue_notice():
    page.run()
if lesson:  # drawn at the top, filled after the page ran: the goal sees the result this run recorded
    with top:
        assignment.box(lesson.slug)
