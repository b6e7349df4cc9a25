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
challenges.mount()  # the learner's progress, kept in their own browser
ui.readable_theme()  # contrast fixes the theme options cannot express
page = st.navigation(pages)
lesson = next((each for each in ui.LESSONS if each.slug == page.url_path), None)
if lesson:  # an assignment link: lock and hide controls, show the task and the goal
    assignment.begin(lesson.slug)
    assignment.box(lesson.slug)
with ui.queue_notice():
    page.run()
