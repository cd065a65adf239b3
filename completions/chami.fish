# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_chami_global_optspecs
    string join \n C/inventory= q/quiet v/verbose state-dir= color= h/help V/version
end

function __fish_chami_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_chami_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_chami_using_subcommand
    set -l cmd (__fish_chami_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c chami -n "__fish_chami_needs_command" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_needs_command" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_needs_command" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_needs_command" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_needs_command" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_needs_command" -s V -l version -d 'Print version'
complete -c chami -n "__fish_chami_needs_command" -f -a "init" -d 'Create a new inventory folder with a commented starter cluster.yaml'
complete -c chami -n "__fish_chami_needs_command" -f -a "inventory" -d 'List, show, add, change, remove, lint, format, import and export inventory records'
complete -c chami -n "__fish_chami_needs_command" -f -a "inv" -d 'List, show, add, change, remove, lint, format, import and export inventory records'
complete -c chami -n "__fish_chami_needs_command" -f -a "hostlist" -d 'Expand, fold and count nodesets (ClusterShell syntax, @groups, attribute selectors)'
complete -c chami -n "__fish_chami_needs_command" -f -a "discover" -d 'Find Redfish BMCs on the network and collect their hardware inventory'
complete -c chami -n "__fish_chami_needs_command" -f -a "bmc" -d 'Power, BIOS and firmware operations across a fleet of BMCs'
complete -c chami -n "__fish_chami_needs_command" -f -a "render" -d 'Render cluster config files (hosts, genders, Slurm, powerman …) from the inventory'
complete -c chami -n "__fish_chami_needs_command" -f -a "bootgen" -d 'Write the static boot tree: per-MAC iPXE scripts and cloud-init seeds'
complete -c chami -n "__fish_chami_needs_command" -f -a "dhcp-export" -d 'Write DHCP server configs (dnsmasq, Kea, ISC dhcpd) from the inventory'
complete -c chami -n "__fish_chami_needs_command" -f -a "build" -d 'Lint, then produce every output listed in cluster.yaml (the cron job)'
complete -c chami -n "__fish_chami_needs_command" -f -a "serve" -d 'Serve boot scripts, cloud-init data and boot files over HTTP'
complete -c chami -n "__fish_chami_needs_command" -f -a "status" -d 'Each node\'s state: boot progress seen by `serve`, power seen by `bmc power status`'
complete -c chami -n "__fish_chami_needs_command" -f -a "doctor" -d 'Check that the cluster works from here: inventory, outputs, boot files, the programs that read the outputs, the servers listening'
complete -c chami -n "__fish_chami_needs_command" -f -a "ansible-inventory" -d 'Ansible dynamic inventory (--list, --host NAME)'
complete -c chami -n "__fish_chami_needs_command" -f -a "image" -d 'Build boot images from recipes'
complete -c chami -n "__fish_chami_needs_command" -f -a "generate" -d 'Generate the man pages and shell completions (for packagers and this repository)'
complete -c chami -n "__fish_chami_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand init" -l name -d 'The cluster\'s name (default: the folder\'s name)' -r
complete -c chami -n "__fish_chami_using_subcommand init" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand init" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand init" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand init" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand init" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "list" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "ls" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "show" -d 'Show one record, or a node\'s effective values and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "add" -d 'Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl node add`), or with --kind any other kind, its fields given as KEY=VALUE'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "set" -d 'Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "rm" -d 'Remove records (nodes by default). A group, BMC, tenant, network, boot profile or image that other records still name is refused, naming them (unless --force)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "lint" -d 'Check the whole inventory; print every problem with file, line and record. Exit 1 on errors'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "fmt" -d 'Rewrite record files in the canonical layout (stable field order, sorted maps)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "import" -d 'Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI `ochami discover static` file (`nodes:` and `bmcs:`)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "export" -d 'Print the whole inventory as one JSON document, JSON lines or YAML'
complete -c chami -n "__fish_chami_using_subcommand inventory; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s s -l select -d 'Nodeset expression selecting nodes (`nid[01-16]`, `@compute`, `role=Compute`, combined with `,` `!` `&` `^`). Also accepted as a positional argument' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s k -l kind -d 'Which records' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'An aligned table'
json\t'A JSON array of records'
yaml\t'A YAML list of records'
names\t'One name a line'
hostlist\t'The names folded into one nodeset'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s s -l select -d 'Nodeset expression selecting nodes (`nid[01-16]`, `@compute`, `role=Compute`, combined with `,` `!` `&` `^`). Also accepted as a positional argument' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s k -l kind -d 'Which records' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'An aligned table'
json\t'A JSON array of records'
yaml\t'A YAML list of records'
names\t'One name a line'
hostlist\t'The names folded into one nodeset'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s k -l kind -d 'Which kind of record (default: a node, else the first kind that has the name)' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "text\t'YAML (a table with --resolved)'
json\t'JSON'
yaml\t'YAML'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s r -l resolved -d 'Show the node\'s effective values (cluster defaults < groups < node) and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s k -l kind -d 'Which kind of record (the flags below apply to nodes only)' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l ip -d 'IP of the boot interface; `10.0.0.11+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l mac -d 'MAC of the boot interface; `02:00:00:00:00:01+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l iface -d 'Name of the boot interface' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l network -d 'Network of the boot interface (default: the network that contains --ip)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s g -l group -d 'Groups (repeat or comma-separate)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l role -d 'Role' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l subrole -d 'Subrole' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l arch -d 'Architecture' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l nid -d 'NID; `1+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l xname -d 'xnames, as a nodeset with as many names as nodes (`x1000c0s[0-7]b0n[0-1]`)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l profile -d 'Boot profile' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s l -l label -d 'Labels (KEY=VALUE, repeatable)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l bmc-ip -d 'Also create one BMC record per node at this IP; `10.1.0.11+` counts up' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l bmc-mac -d 'MAC of each new BMC; `+` counts up' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l bmc-network -d 'Network of the new BMCs (default: the network that contains --bmc-ip)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l bmc-name -d 'Name of each new BMC; `{node}` is the node\'s name' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l file -d 'Write all new nodes as a list into this one file under nodes/ instead of one file each' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -l force -d 'Write even when the change would add lint errors'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -l unset -d 'Remove a field, or a list item (repeatable)' -r
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s k -l kind -d 'Which kind of record' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -l force -d 'Write even when the change would add lint errors'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s k -l kind -d 'Which kind of record' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s n -l dry-run -d 'Print what would be removed; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -l force -d 'Remove even when the change would add lint errors (dangling references)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -l with-bmc -d 'Nodes: remove their BMC records too (a BMC that another node keeps stays)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -l format -d 'Output format' -r -f -a "human\t'`error[rule]: file:line: record: message` lines on stderr'
json\t'One JSON document on stdout'
github\t'GitHub Actions annotations (`::error file=…,line=…::…`) on stdout'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -l deny-warnings -d 'Fail (exit 1) on warnings too'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -l check -d 'Change nothing; list the files that are not in canonical layout and exit 1 if any'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from fmt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s f -l format -d 'Input format' -r -f -a "auto\t'Decide from the content'
jsonl\t'JSON lines, one record a line with a `kind` field (node, bmc, group, tenant)'
ochami\t'OpenCHAMI `ochami discover static` YAML/JSON (`nodes:`, `bmcs:`)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -l on-conflict -d 'What to do when a record of that name exists' -r -f -a "error\t'Stop with an error; change nothing'
skip\t'Keep the existing record'
replace\t'Replace the existing record, in its file'
merge\t'Update the existing record with the fields the import sets; keep the others (lists of named items, like interfaces, merge item by item)'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -l force -d 'Write even when the result would have lint errors'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format' -r -f -a "json\t'One JSON document: cluster, nodes, bmcs, groups, tenants'
jsonl\t'One record a line with a `kind` field (what `import` reads)'
yaml\t'One YAML document'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "list" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one record, or a node\'s effective values and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl node add`), or with --kind any other kind, its fields given as KEY=VALUE'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove records (nodes by default). A group, BMC, tenant, network, boot profile or image that other records still name is refused, naming them (unless --force)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check the whole inventory; print every problem with file, line and record. Exit 1 on errors'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "fmt" -d 'Rewrite record files in the canonical layout (stable field order, sorted maps)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI `ochami discover static` file (`nodes:` and `bmcs:`)'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the whole inventory as one JSON document, JSON lines or YAML'
complete -c chami -n "__fish_chami_using_subcommand inventory; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "list" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "ls" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "show" -d 'Show one record, or a node\'s effective values and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "add" -d 'Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl node add`), or with --kind any other kind, its fields given as KEY=VALUE'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "set" -d 'Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "rm" -d 'Remove records (nodes by default). A group, BMC, tenant, network, boot profile or image that other records still name is refused, naming them (unless --force)'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "lint" -d 'Check the whole inventory; print every problem with file, line and record. Exit 1 on errors'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "fmt" -d 'Rewrite record files in the canonical layout (stable field order, sorted maps)'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "import" -d 'Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI `ochami discover static` file (`nodes:` and `bmcs:`)'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "export" -d 'Print the whole inventory as one JSON document, JSON lines or YAML'
complete -c chami -n "__fish_chami_using_subcommand inv; and not __fish_seen_subcommand_from list ls show add set rm lint fmt import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s s -l select -d 'Nodeset expression selecting nodes (`nid[01-16]`, `@compute`, `role=Compute`, combined with `,` `!` `&` `^`). Also accepted as a positional argument' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s k -l kind -d 'Which records' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'An aligned table'
json\t'A JSON array of records'
yaml\t'A YAML list of records'
names\t'One name a line'
hostlist\t'The names folded into one nodeset'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s s -l select -d 'Nodeset expression selecting nodes (`nid[01-16]`, `@compute`, `role=Compute`, combined with `,` `!` `&` `^`). Also accepted as a positional argument' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s k -l kind -d 'Which records' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s o -l output -d 'Output format' -r -f -a "table\t'An aligned table'
json\t'A JSON array of records'
yaml\t'A YAML list of records'
names\t'One name a line'
hostlist\t'The names folded into one nodeset'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s k -l kind -d 'Which kind of record (default: a node, else the first kind that has the name)' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format' -r -f -a "text\t'YAML (a table with --resolved)'
json\t'JSON'
yaml\t'YAML'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s r -l resolved -d 'Show the node\'s effective values (cluster defaults < groups < node) and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s k -l kind -d 'Which kind of record (the flags below apply to nodes only)' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l ip -d 'IP of the boot interface; `10.0.0.11+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l mac -d 'MAC of the boot interface; `02:00:00:00:00:01+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l iface -d 'Name of the boot interface' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l network -d 'Network of the boot interface (default: the network that contains --ip)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s g -l group -d 'Groups (repeat or comma-separate)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l role -d 'Role' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l subrole -d 'Subrole' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l arch -d 'Architecture' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l nid -d 'NID; `1+` counts up per node' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l xname -d 'xnames, as a nodeset with as many names as nodes (`x1000c0s[0-7]b0n[0-1]`)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l profile -d 'Boot profile' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s l -l label -d 'Labels (KEY=VALUE, repeatable)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l bmc-ip -d 'Also create one BMC record per node at this IP; `10.1.0.11+` counts up' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l bmc-mac -d 'MAC of each new BMC; `+` counts up' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l bmc-network -d 'Network of the new BMCs (default: the network that contains --bmc-ip)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l bmc-name -d 'Name of each new BMC; `{node}` is the node\'s name' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l file -d 'Write all new nodes as a list into this one file under nodes/ instead of one file each' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -l force -d 'Write even when the change would add lint errors'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -l unset -d 'Remove a field, or a list item (repeatable)' -r
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s k -l kind -d 'Which kind of record' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -l force -d 'Write even when the change would add lint errors'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s k -l kind -d 'Which kind of record' -r -f -a "node\t'nodes/'
bmc\t'bmcs/'
group\t'groups/'
tenant\t'tenants/'
network\t'networks in cluster.yaml'
profile\t'boot profiles in cluster.yaml'
image\t'images/: image recipes'
cluster\t'cluster.yaml\'s own settings (name, domain, boot_server, defaults, outputs …)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s n -l dry-run -d 'Print what would be removed; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -l force -d 'Remove even when the change would add lint errors (dangling references)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -l with-bmc -d 'Nodes: remove their BMC records too (a BMC that another node keeps stays)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -l format -d 'Output format' -r -f -a "human\t'`error[rule]: file:line: record: message` lines on stderr'
json\t'One JSON document on stdout'
github\t'GitHub Actions annotations (`::error file=…,line=…::…`) on stdout'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -l deny-warnings -d 'Fail (exit 1) on warnings too'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -l check -d 'Change nothing; list the files that are not in canonical layout and exit 1 if any'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from fmt" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s f -l format -d 'Input format' -r -f -a "auto\t'Decide from the content'
jsonl\t'JSON lines, one record a line with a `kind` field (node, bmc, group, tenant)'
ochami\t'OpenCHAMI `ochami discover static` YAML/JSON (`nodes:`, `bmcs:`)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -l on-conflict -d 'What to do when a record of that name exists' -r -f -a "error\t'Stop with an error; change nothing'
skip\t'Keep the existing record'
replace\t'Replace the existing record, in its file'
merge\t'Update the existing record with the fields the import sets; keep the others (lists of named items, like interfaces, merge item by item)'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s n -l dry-run -d 'Print what would be written; change nothing'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -l force -d 'Write even when the result would have lint errors'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -s o -l output -d 'Output format' -r -f -a "json\t'One JSON document: cluster, nodes, bmcs, groups, tenants'
jsonl\t'One record a line with a `kind` field (what `import` reads)'
yaml\t'One YAML document'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "list" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one record, or a node\'s effective values and where each came from'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl node add`), or with --kind any other kind, its fields given as KEY=VALUE'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove records (nodes by default). A group, BMC, tenant, network, boot profile or image that other records still name is refused, naming them (unless --force)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "lint" -d 'Check the whole inventory; print every problem with file, line and record. Exit 1 on errors'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "fmt" -d 'Rewrite record files in the canonical layout (stable field order, sorted maps)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI `ochami discover static` file (`nodes:` and `bmcs:`)'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print the whole inventory as one JSON document, JSON lines or YAML'
complete -c chami -n "__fish_chami_using_subcommand inv; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s S -l separator -d 'Separator for --expand' -r
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand hostlist" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand hostlist" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s e -l expand -d 'Print every name'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s f -l fold -d 'Print the folded form (the default)'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s c -l count -d 'Print the number of names'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -l slurm -d 'Print a fold Slurm can parse: only the last numeric axis is folded'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand hostlist" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -f -a "scan" -d 'Probe addresses for Redfish services: TCP connect, then GET /redfish/v1/ on each open port. One JSON line per open port on stdout, sorted by address'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -f -a "collect" -d 'Crawl BMCs for their hardware inventory: one JSON line per BMC on stdout (failures are lines with "ok": false and the reason; a crawl cut by --max-requests, --max-members or --deadline lists the cut in "cut"; links off the BMC are not followed and are listed in "warnings"). --write merges the result into the inventory'
complete -c chami -n "__fish_chami_using_subcommand discover; and not __fish_seen_subcommand_from scan collect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s p -l ports -d 'TCP ports to probe on every address' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l probe-concurrency -d 'Connection attempts in flight' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l probe-timeout -d 'Connect timeout of one probe (plain numbers are milliseconds)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l ca-cert -d 'Trust only the certificates in this PEM file: the BMCs\' CA, or a BMC\'s own (self-signed) certificate, which is then pinned: accepted whatever its name, CA flag or dates, while any other certificate is refused' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s u -l username -d 'BMC user name; the password comes from --password-file or $CHAMI_BMC_PASSWORD' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l password-file -d 'File whose first line is the BMC password (never pass a password as an argument). Must be mode 0600 (or stricter)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l secrets -d 'Secrets file: YAML mapping BMC names, addresses or `credentials:` entry names (and `default`) to {username, password}. Must be mode 0600 and outside the inventory' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l auth -d 'How to authenticate: a Redfish session (logged out afterwards) or basic auth on every request' -r -f -a "session\t'X-Auth-Token session, falling back to basic auth without a session service'
basic\t'HTTP basic auth on every request'"
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l timeout -d 'Timeout of one request (plain numbers are milliseconds; or 10s, 2m)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l retries -d 'Retries after a connection error or 5xx answer (with backoff)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l max-response-size -d 'Largest answer accepted (bytes; or 512KiB, 16MiB)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s j -l concurrency -d 'Requests in flight across the fleet' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l per-bmc -d 'Requests in flight to any one BMC' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l max-requests -d 'Most requests sent to one BMC; the rest of its crawl is cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l max-members -d 'Most members read from one collection of a BMC (Systems, Memory …); the rest are cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l deadline -d 'Time allowed for one BMC, from its first request to its last (plain numbers are milliseconds; or 30s, 5m); what is not read by then is cut (and reported). `bmc firmware update` adds its --wait' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l all -d 'Report open ports that do not answer as Redfish too (default: Redfish only)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s k -l insecure -d 'Do not verify TLS certificates: anyone on the path can then pose as the BMC (prefer --ca-cert with the BMC\'s own certificate)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -l http -d 'Plain HTTP instead of HTTPS, for emulators and labs (addresses given as https://… keep HTTPS)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l name-map -d 'With --write: a YAML map from BMC address (or BMC MAC) to names: `10.1.0.11: x1000c0s0b0` (a BMC xname; its nodes become x1000c0s0b0n0 …) or `10.1.0.11: {bmc: NAME, xname: XNAME, nodes: [NODE …]}`' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l bmc-name -d 'With --write: name template for new BMC records (minijinja; variables address, dashed_address, xname, mac, serial)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l node-name -d 'With --write: name template for new node records (minijinja; variables bmc, address, dashed_address, xname, index, serial, hostname)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l ca-cert -d 'Trust only the certificates in this PEM file: the BMCs\' CA, or a BMC\'s own (self-signed) certificate, which is then pinned: accepted whatever its name, CA flag or dates, while any other certificate is refused' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s u -l username -d 'BMC user name; the password comes from --password-file or $CHAMI_BMC_PASSWORD' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l password-file -d 'File whose first line is the BMC password (never pass a password as an argument). Must be mode 0600 (or stricter)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l secrets -d 'Secrets file: YAML mapping BMC names, addresses or `credentials:` entry names (and `default`) to {username, password}. Must be mode 0600 and outside the inventory' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l auth -d 'How to authenticate: a Redfish session (logged out afterwards) or basic auth on every request' -r -f -a "session\t'X-Auth-Token session, falling back to basic auth without a session service'
basic\t'HTTP basic auth on every request'"
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l timeout -d 'Timeout of one request (plain numbers are milliseconds; or 10s, 2m)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l retries -d 'Retries after a connection error or 5xx answer (with backoff)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l max-response-size -d 'Largest answer accepted (bytes; or 512KiB, 16MiB)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s j -l concurrency -d 'Requests in flight across the fleet' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l per-bmc -d 'Requests in flight to any one BMC' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l max-requests -d 'Most requests sent to one BMC; the rest of its crawl is cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l max-members -d 'Most members read from one collection of a BMC (Systems, Memory …); the rest are cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l deadline -d 'Time allowed for one BMC, from its first request to its last (plain numbers are milliseconds; or 30s, 5m); what is not read by then is cut (and reported). `bmc firmware update` adds its --wait' -r
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s w -l write -d 'Merge the result into the inventory: create or update bmcs/ records and the discovered parts of nodes (hardware, interface MACs). Fields a person set (name, IPs, groups, labels …) are never overwritten'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s n -l dry-run -d 'With --write: say which files would change, but write nothing'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l force -d 'With --write: write even when the change adds lint errors'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s k -l insecure -d 'Do not verify TLS certificates: anyone on the path can then pose as the BMC (prefer --ca-cert with the BMC\'s own certificate)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -l http -d 'Plain HTTP instead of HTTPS, for emulators and labs (addresses given as https://… keep HTTPS)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from collect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from help" -f -a "scan" -d 'Probe addresses for Redfish services: TCP connect, then GET /redfish/v1/ on each open port. One JSON line per open port on stdout, sorted by address'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from help" -f -a "collect" -d 'Crawl BMCs for their hardware inventory: one JSON line per BMC on stdout (failures are lines with "ok": false and the reason; a crawl cut by --max-requests, --max-members or --deadline lists the cut in "cut"; links off the BMC are not followed and are listed in "warnings"). --write merges the result into the inventory'
complete -c chami -n "__fish_chami_using_subcommand discover; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -f -a "power" -d 'Power on, off, shut down, cycle, reset, or report the power state'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -f -a "bios" -d 'Read or stage BIOS attributes'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -f -a "firmware" -d 'List firmware, or update it through UpdateService.SimpleUpdate'
complete -c chami -n "__fish_chami_using_subcommand bmc; and not __fish_seen_subcommand_from power bios firmware help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l ca-cert -d 'Trust only the certificates in this PEM file: the BMCs\' CA, or a BMC\'s own (self-signed) certificate, which is then pinned: accepted whatever its name, CA flag or dates, while any other certificate is refused' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s u -l username -d 'BMC user name; the password comes from --password-file or $CHAMI_BMC_PASSWORD' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l password-file -d 'File whose first line is the BMC password (never pass a password as an argument). Must be mode 0600 (or stricter)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l secrets -d 'Secrets file: YAML mapping BMC names, addresses or `credentials:` entry names (and `default`) to {username, password}. Must be mode 0600 and outside the inventory' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l auth -d 'How to authenticate: a Redfish session (logged out afterwards) or basic auth on every request' -r -f -a "session\t'X-Auth-Token session, falling back to basic auth without a session service'
basic\t'HTTP basic auth on every request'"
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l timeout -d 'Timeout of one request (plain numbers are milliseconds; or 10s, 2m)' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l retries -d 'Retries after a connection error or 5xx answer (with backoff)' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l max-response-size -d 'Largest answer accepted (bytes; or 512KiB, 16MiB)' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s j -l concurrency -d 'Requests in flight across the fleet' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l per-bmc -d 'Requests in flight to any one BMC' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l max-requests -d 'Most requests sent to one BMC; the rest of its crawl is cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l max-members -d 'Most members read from one collection of a BMC (Systems, Memory …); the rest are cut (and reported)' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l deadline -d 'Time allowed for one BMC, from its first request to its last (plain numbers are milliseconds; or 30s, 5m); what is not read by then is cut (and reported). `bmc firmware update` adds its --wait' -r
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s k -l insecure -d 'Do not verify TLS certificates: anyone on the path can then pose as the BMC (prefer --ca-cert with the BMC\'s own certificate)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -l http -d 'Plain HTTP instead of HTTPS, for emulators and labs (addresses given as https://… keep HTTPS)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from power" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -f -a "get" -d 'Print BIOS attributes (all, or the ones named) as JSON lines'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -f -a "set" -d 'Stage attribute changes for the next boot (PATCH to the BIOS settings object)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from bios" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -f -a "list" -d 'List the firmware inventory of each BMC (JSON lines)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -f -a "update" -d 'Start SimpleUpdate with an image URI and follow the task to its end'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from firmware" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from help" -f -a "power" -d 'Power on, off, shut down, cycle, reset, or report the power state'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from help" -f -a "bios" -d 'Read or stage BIOS attributes'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from help" -f -a "firmware" -d 'List firmware, or update it through UpdateService.SimpleUpdate'
complete -c chami -n "__fish_chami_using_subcommand bmc; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand render" -s o -l out -d 'Output folder; `-` prints the one target asked for on stdout. Without -o, a single target producing a single file goes to stdout' -r -F
complete -c chami -n "__fish_chami_using_subcommand render" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand render" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand render" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand render" -l check -d 'Write nothing; exit 1 and list the files that would change (for CI)'
complete -c chami -n "__fish_chami_using_subcommand render" -l diff -d 'Show a unified diff of what would change (with --check or --dry-run: nothing is written)'
complete -c chami -n "__fish_chami_using_subcommand render" -s n -l dry-run -d 'Say what would be written and removed, but write nothing'
complete -c chami -n "__fish_chami_using_subcommand render" -l context -d 'Print the template context as JSON and exit (what site templates see)'
complete -c chami -n "__fish_chami_using_subcommand render" -l list -d 'List the targets: name, where the template comes from, output path and fan-out'
complete -c chami -n "__fish_chami_using_subcommand render" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand render" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s o -l out -d 'Output folder: the document root of the web server nodes boot from' -r -F
complete -c chami -n "__fish_chami_using_subcommand bootgen" -l token-secret -d 'Put each node\'s cloud-init token in its seed URL (`cloud-init/NAME/TOKEN/`), for `chami serve --token-secret` with the same secret file (mode 0600)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bootgen" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand bootgen" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand bootgen" -l check -d 'Write nothing; exit 1 and list the files that would change (for CI)'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -l diff -d 'Show a unified diff of what would change (with --check or --dry-run: nothing is written)'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s n -l dry-run -d 'Say what would be written and removed, but write nothing'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand bootgen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s f -l format -d 'Which DHCP server\'s configuration to write' -r -f -a "dnsmasq\t'dnsmasq (`dhcp-range`, `dhcp-host`, tag-based boot chain)'
kea\t'Kea DHCPv4 (JSON: subnets, reservations, client classes)'
isc\t'ISC dhcpd 4.x (subnet and host blocks)'"
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s o -l out -d 'Output file; `-` (the default) prints it on stdout' -r -F
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -l boot-server -d 'With several boot servers (cluster.yaml `boot_servers:`): the config of the DHCP server beside this one, by its number in the list (1 = the first, the default) or its address; PXE and iPXE clients are sent to it first, and the iPXE scripts fall over to the others' -r
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -l check -d 'Write nothing; exit 1 and list the files that would change (for CI)'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -l diff -d 'Show a unified diff of what would change (with --check or --dry-run: nothing is written)'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s n -l dry-run -d 'Say what would be written and removed, but write nothing'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand dhcp-export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand build" -s o -l output -d 'The summary: a table on stderr, or one JSON document on stdout (for monitoring: each output\'s path, counts, whether it changed and its reload\'s outcome)' -r -f -a "table\t'A table'
json\t'One JSON document on stdout'"
complete -c chami -n "__fish_chami_using_subcommand build" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand build" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand build" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand build" -l no-reload -d 'Run no reload command, even for outputs that changed'
complete -c chami -n "__fish_chami_using_subcommand build" -l check -d 'Write nothing; exit 1 and list the files that would change (for CI)'
complete -c chami -n "__fish_chami_using_subcommand build" -l diff -d 'Show a unified diff of what would change (with --check or --dry-run: nothing is written)'
complete -c chami -n "__fish_chami_using_subcommand build" -s n -l dry-run -d 'Say what would be written and removed, but write nothing'
complete -c chami -n "__fish_chami_using_subcommand build" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand build" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand serve" -l listen -d 'Address and port to listen on (repeat for several; default 0.0.0.0 and the boot server\'s http_port from cluster.yaml)' -r
complete -c chami -n "__fish_chami_using_subcommand serve" -l files -d 'Folder of boot files (kernels, initrds, images) served under their relative paths, with Range requests and ETags; nothing outside it is reachable' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l tls-cert -d 'PEM certificate chain for HTTPS (with --tls-key)' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l tls-key -d 'PEM private key for HTTPS (with --tls-cert)' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l token-secret -d 'Secret (file, mode 0600) for the per-node tokens of explicit cloud-init URLs, `/cloud-init/NODE/TOKEN/…` (`chami serve --print-token NODE` prints one); a node\'s script carries its token for that node only' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l print-token -d 'Print the cloud-init token of a node and exit' -r
complete -c chami -n "__fish_chami_using_subcommand serve" -l base-url -d 'The URL clients reach this server at, written into boot scripts and boot parameters instead of cluster.yaml\'s boot servers (behind a reverse proxy, on another port, in tests from loopback): http(s)://HOST[:PORT][/PATH]. Repeat for failover, in order of preference' -r
complete -c chami -n "__fish_chami_using_subcommand serve" -l trusted-proxy -d 'A proxy (CIDR) whose X-Forwarded-For names the client: the rightmost hop that is not itself a trusted proxy; a hop that is not an IP address is refused (400)' -r
complete -c chami -n "__fish_chami_using_subcommand serve" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand serve" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand serve" -l no-watch -d 'Reload on SIGHUP only, not when inventory files change'
complete -c chami -n "__fish_chami_using_subcommand serve" -l no-access-log -d 'No access log line per request on stderr (-q also turns it off)'
complete -c chami -n "__fish_chami_using_subcommand serve" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand serve" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand status" -s o -l output -d 'Output format' -r -f -a "table\t'A table'
json\t'One JSON document on stdout'"
complete -c chami -n "__fish_chami_using_subcommand status" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand status" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand status" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand status" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand status" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand doctor" -l files -d 'The boot files folder (as given to `chami serve --files`), to check that every file the enabled nodes boot from is there' -r -F
complete -c chami -n "__fish_chami_using_subcommand doctor" -s o -l output -d 'A table, or a JSON array of checks on stdout' -r -f -a "table\t'A table'
json\t'One JSON document on stdout'"
complete -c chami -n "__fish_chami_using_subcommand doctor" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand doctor" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand doctor" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand doctor" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand doctor" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -l host -d 'Print the variables of one host (`{}` and a warning when no enabled node has the name)' -r
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -l list -d 'Print every group and host with `_meta.hostvars`'
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand ansible-inventory" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -f -a "build" -d 'Build an image from its recipe (images/NAME.yaml and its parents) with mmdebstrap: DIR/NAME/{vmlinuz, initrd.img, rootfs.squashfs, manifest.json}, switched in whole. As root, each recipe of the chain is a cached layer: an unchanged layer is reused, a changed one is rebuilt on its parent\'s tree'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -f -a "list" -d 'List the cached layers: recipe, id, size, age and which images and profiles of the inventory use them (none: stale, removed by `image prune`)'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -f -a "rm" -d 'Remove cached layers by recipe name or id (prefix of at least 4 digits)'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -f -a "prune" -d 'Remove the cached layers no recipe of the inventory uses any more (all with --all)'
complete -c chami -n "__fish_chami_using_subcommand image; and not __fish_seen_subcommand_from build list rm prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -s o -l out -d 'Folder that receives NAME/ (created if missing)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -l cache-dir -d 'The layer cache (default: $XDG_CACHE_HOME/chami/images, else ~/.cache/chami/images)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -l force -d 'Build even when DIR/NAME is up to date (its manifest has the recipes\' id); cached layers are still reused'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -l refresh -d 'Build every layer again from the Debian archive (for security updates) and replace the cached ones'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format' -r -f -a "table\t'An aligned table'
json\t'A JSON array'"
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -l cache-dir -d 'The layer cache (default: $XDG_CACHE_HOME/chami/images, else ~/.cache/chami/images)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -l cache-dir -d 'The layer cache (default: $XDG_CACHE_HOME/chami/images, else ~/.cache/chami/images)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -l cache-dir -d 'The layer cache (default: $XDG_CACHE_HOME/chami/images, else ~/.cache/chami/images)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -l all -d 'Remove every cached layer, not only the stale ones'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "build" -d 'Build an image from its recipe (images/NAME.yaml and its parents) with mmdebstrap: DIR/NAME/{vmlinuz, initrd.img, rootfs.squashfs, manifest.json}, switched in whole. As root, each recipe of the chain is a cached layer: an unchanged layer is reused, a changed one is rebuilt on its parent\'s tree'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the cached layers: recipe, id, size, age and which images and profiles of the inventory use them (none: stale, removed by `image prune`)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove cached layers by recipe name or id (prefix of at least 4 digits)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove the cached layers no recipe of the inventory uses any more (all with --all)'
complete -c chami -n "__fish_chami_using_subcommand image; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand generate" -s o -l out -d 'Output folder' -r -F
complete -c chami -n "__fish_chami_using_subcommand generate" -s C -l inventory -d 'The inventory folder (default: $CHAMI_INVENTORY, else the first folder holding cluster.yaml walking up from the current directory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand generate" -l state-dir -d 'The node state folder, written by `serve` and `bmc power status`, read by `status` (default: $XDG_STATE_HOME/chami, else ~/.local/state/chami; never inside the inventory)' -r -F
complete -c chami -n "__fish_chami_using_subcommand generate" -l color -d 'When to color messages; NO_COLOR in the environment means never' -r -f -a "auto\t'On a terminal, unless NO_COLOR is set'
always\t'Always'
never\t'Never'"
complete -c chami -n "__fish_chami_using_subcommand generate" -s q -l quiet -d 'Print nothing on stderr but errors; no progress bars'
complete -c chami -n "__fish_chami_using_subcommand generate" -s v -l verbose -d 'Say more on stderr about what is done (repeat for more)'
complete -c chami -n "__fish_chami_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "init" -d 'Create a new inventory folder with a commented starter cluster.yaml'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "inventory" -d 'List, show, add, change, remove, lint, format, import and export inventory records'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "hostlist" -d 'Expand, fold and count nodesets (ClusterShell syntax, @groups, attribute selectors)'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "discover" -d 'Find Redfish BMCs on the network and collect their hardware inventory'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "bmc" -d 'Power, BIOS and firmware operations across a fleet of BMCs'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "render" -d 'Render cluster config files (hosts, genders, Slurm, powerman …) from the inventory'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "bootgen" -d 'Write the static boot tree: per-MAC iPXE scripts and cloud-init seeds'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "dhcp-export" -d 'Write DHCP server configs (dnsmasq, Kea, ISC dhcpd) from the inventory'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "build" -d 'Lint, then produce every output listed in cluster.yaml (the cron job)'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "serve" -d 'Serve boot scripts, cloud-init data and boot files over HTTP'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "status" -d 'Each node\'s state: boot progress seen by `serve`, power seen by `bmc power status`'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "doctor" -d 'Check that the cluster works from here: inventory, outputs, boot files, the programs that read the outputs, the servers listening'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "ansible-inventory" -d 'Ansible dynamic inventory (--list, --host NAME)'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "image" -d 'Build boot images from recipes'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "generate" -d 'Generate the man pages and shell completions (for packagers and this repository)'
complete -c chami -n "__fish_chami_using_subcommand help; and not __fish_seen_subcommand_from init inventory hostlist discover bmc render bootgen dhcp-export build serve status doctor ansible-inventory image generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "list" -d 'List records (nodes by default), selected by a nodeset expression'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "show" -d 'Show one record, or a node\'s effective values and where each came from'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "add" -d 'Add records: nodes (expand EXPR into one record per node, one file each, like `wwctl node add`), or with --kind any other kind, its fields given as KEY=VALUE'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "set" -d 'Change fields of records: KEY=VALUE, KEY+=VALUE (add to a list), KEY-=VALUE, --unset KEY'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "rm" -d 'Remove records (nodes by default). A group, BMC, tenant, network, boot profile or image that other records still name is refused, naming them (unless --force)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "lint" -d 'Check the whole inventory; print every problem with file, line and record. Exit 1 on errors'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "fmt" -d 'Rewrite record files in the canonical layout (stable field order, sorted maps)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "import" -d 'Add records from JSON lines (as `export -o jsonl` writes) or an OpenCHAMI `ochami discover static` file (`nodes:` and `bmcs:`)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from inventory" -f -a "export" -d 'Print the whole inventory as one JSON document, JSON lines or YAML'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from discover" -f -a "scan" -d 'Probe addresses for Redfish services: TCP connect, then GET /redfish/v1/ on each open port. One JSON line per open port on stdout, sorted by address'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from discover" -f -a "collect" -d 'Crawl BMCs for their hardware inventory: one JSON line per BMC on stdout (failures are lines with "ok": false and the reason; a crawl cut by --max-requests, --max-members or --deadline lists the cut in "cut"; links off the BMC are not followed and are listed in "warnings"). --write merges the result into the inventory'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from bmc" -f -a "power" -d 'Power on, off, shut down, cycle, reset, or report the power state'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from bmc" -f -a "bios" -d 'Read or stage BIOS attributes'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from bmc" -f -a "firmware" -d 'List firmware, or update it through UpdateService.SimpleUpdate'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "build" -d 'Build an image from its recipe (images/NAME.yaml and its parents) with mmdebstrap: DIR/NAME/{vmlinuz, initrd.img, rootfs.squashfs, manifest.json}, switched in whole. As root, each recipe of the chain is a cached layer: an unchanged layer is reused, a changed one is rebuilt on its parent\'s tree'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "list" -d 'List the cached layers: recipe, id, size, age and which images and profiles of the inventory use them (none: stale, removed by `image prune`)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "rm" -d 'Remove cached layers by recipe name or id (prefix of at least 4 digits)'
complete -c chami -n "__fish_chami_using_subcommand help; and __fish_seen_subcommand_from image" -f -a "prune" -d 'Remove the cached layers no recipe of the inventory uses any more (all with --all)'
