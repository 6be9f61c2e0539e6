#!/bin/sh
# What the official nginx image's entrypoint does with templates, so a configuration written for it works here:
# when the command is nginx, every /etc/nginx/templates/**/*.template becomes the file of the same relative path
# under /etc/nginx/conf.d, without the suffix, with ${VAR} and $VAR replaced for the variables that are set in
# the environment (and match NGINX_ENVSUBST_FILTER when that is set). nginx's own $variables are left alone,
# because no environment variable has their names. The directories and suffix are overridable by the same
# NGINX_ENVSUBST_* variables as there.
set -eu

if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
  suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
  output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
  filter=${NGINX_ENVSUBST_FILTER:-}
  if [ -d "$template_dir" ]; then
    if [ -w "$output_dir" ]; then
      defined=$(awk -v filter="$filter" 'END { for (name in ENVIRON) if (name ~ filter) printf "${%s} ", name }' </dev/null)
      find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
        relative=${template#"$template_dir/"}
        output="$output_dir/${relative%"$suffix"}"
        mkdir -p "$(dirname "$output")"
        echo "$0: rendering $template to $output"
        envsubst "$defined" < "$template" > "$output"
      done
    else
      echo "$0: ERROR: $template_dir exists, but $output_dir is not writable"
    fi
  fi
fi

exec "$@"
