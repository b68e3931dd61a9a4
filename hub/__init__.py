"""The Hub: knowledge hub of the Red Cross Red Crescent network against human trafficking."""
