"""The screens: the main one (with its controllers) and the dialogs over it."""
