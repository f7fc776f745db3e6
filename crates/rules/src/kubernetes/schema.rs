//! The Kubernetes fields bulkhead knows, in one place: which fields a container has,
//! which `securityContext` fields belong to the pod, the container or both, and which
//! take a boolean or a number. The model and the field rules (KS002, KS003, KS004)
//! read them.

/// Every field of a v1.34 `Container`.
pub(crate) const CONTAINER_FIELDS: &[&str] = &[
    "args",
    "command",
    "env",
    "envFrom",
    "image",
    "imagePullPolicy",
    "lifecycle",
    "livenessProbe",
    "name",
    "ports",
    "readinessProbe",
    "resizePolicy",
    "resources",
    "restartPolicy",
    "restartPolicyRules",
    "securityContext",
    "startupProbe",
    "stdin",
    "stdinOnce",
    "targetContainerName",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "tty",
    "volumeDevices",
    "volumeMounts",
    "workingDir",
];

/// Fields only a container's `securityContext` has (a pod-level one drops them).
pub(crate) const CONTAINER_ONLY_FIELDS: &[&str] = &[
    "allowPrivilegeEscalation",
    "capabilities",
    "privileged",
    "procMount",
    "readOnlyRootFilesystem",
];

/// Fields only a pod's `securityContext` has (a container-level one drops them).
pub(crate) const POD_ONLY_FIELDS: &[&str] = &[
    "fsGroup",
    "fsGroupChangePolicy",
    "seLinuxChangePolicy",
    "supplementalGroups",
    "supplementalGroupsPolicy",
    "sysctls",
];

/// Fields both levels have; the container's value overrides the pod's.
pub(crate) const SHARED_FIELDS: &[&str] = &[
    "appArmorProfile",
    "runAsGroup",
    "runAsNonRoot",
    "runAsUser",
    "seLinuxOptions",
    "seccompProfile",
    "windowsOptions",
];

/// `securityContext` fields that take `true` or `false`.
pub(crate) const BOOLEANS: &[&str] = &[
    "runAsNonRoot",
    "readOnlyRootFilesystem",
    "allowPrivilegeEscalation",
    "privileged",
];
/// `securityContext` fields that take a whole number.
pub(crate) const INTEGERS: &[&str] = &["runAsUser", "runAsGroup", "fsGroup"];
/// Pod spec fields that take `true` or `false`.
pub(crate) const POD_BOOLEANS: &[&str] = &[
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "hostUsers",
    "automountServiceAccountToken",
    "shareProcessNamespace",
];
