"""Neural Network Basics Lab: routes only."""
import logging

import streamlit as st

import ui
from core import hosting

st.set_page_config(page_title="Neural Network Basics Lab", page_icon=":material/neurology:", layout="wide")
pages = [st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)]
pages += [st.Page(lesson.path, title=lesson.title, icon=lesson.icon) for lesson in ui.LESSONS if lesson.available]
try:
    st.navigation(pages).run()
except Exception as err:  # the host's log gets the traceback; a hosted demo's visitor gets a message
    logging.getLogger("nnlab").exception("page failed")
    if not hosting.limits().hosted:
        raise
    ui.friendly_error(err)
