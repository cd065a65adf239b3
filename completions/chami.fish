complete --keep-order --exclusive --command chami --arguments "(COMPLETE=fish chami -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
