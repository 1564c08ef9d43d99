{{- define "sw-registry.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sw-registry.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sw-registry.labels" -}}
app.kubernetes.io/name: {{ include "sw-registry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "sw-registry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sw-registry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sw-registry.secretName" -}}
{{- default (include "sw-registry.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "sw-registry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The registry's environment, shared by the Deployment and the migration Job. */}}
{{- define "sw-registry.env" -}}
- name: NODE_ENV
  value: production
- name: PUBLIC_URL
  value: {{ required "config.publicUrl is required (the registry's https address)" .Values.config.publicUrl | quote }}
- name: TRUST_PROXY
  value: {{ .Values.config.trustProxy | quote }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: DB_POOL_MAX
  value: {{ .Values.config.dbPoolMax | quote }}
- name: METRICS_ALLOW
  value: {{ .Values.config.metricsAllow | quote }}
{{- range $name, $value := .Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- range $key := list "DATABASE_URL" "DATA_KEY" "SMTP_URL" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "sw-registry.secretName" $ }}
      key: {{ $key }}
{{- end }}
{{- range $key := list "METRICS_TOKEN" "PUBLIC_READ_DATABASE_URL" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "sw-registry.secretName" $ }}
      key: {{ $key }}
      optional: true
{{- end }}
{{- end -}}
