"""Registry pages: thin views over networks.selectors and networks.services."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import DeleteView, FormView, ListView, TemplateView

from networks import selectors, services
from networks.forms import ContactForm, InstitutionForm, NetworkForm, PartnerSchoolForm, SchoolForm
from networks.models import Contact, Institution, Network, PartnerSchool, School
from peerreview.core.views import FormPageMixin, PermissionRequiredMixin
from peerreview.mail import selectors as mail_selectors

PAGE_SIZE = 50


class NetworkListView(PermissionRequiredMixin, ListView):
    permission_required = "networks.list_networks"
    template_name = "networks/network_list.html"
    context_object_name = "networks"

    def get_queryset(self):
        return selectors.networks_for_user(self.request.user)


class ModelFormPageMixin(FormPageMixin):
    template_name = "networks/form.html"


class NetworkCreateView(PermissionRequiredMixin, ModelFormPageMixin, FormView):
    permission_required = "networks.add_network"
    form_class = NetworkForm
    title = _("New network")

    def save(self, form):
        return services.network_save(actor=self.request.user, network=form.instance)

    def get_success_url(self):
        obj = getattr(self, "object", None)
        return obj.get_absolute_url() if obj else reverse("networks:list")


class NetworkScopedMixin(PermissionRequiredMixin):
    """Pages under /networks/<slug>/: the network is the object whose permission is checked."""

    permission_required = "networks.manage_registry"

    @cached_property
    def network(self) -> Network:
        return get_object_or_404(Network, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.network

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "network": self.network}


class NetworkDetailView(NetworkScopedMixin, TemplateView):
    permission_required = "networks.view_network"
    template_name = "networks/network_detail.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **selectors.network_overview(self.network)}


class NetworkMailView(NetworkScopedMixin, ListView):
    """E-mail to the network's contacts, newest first; what is sensitive shows its subject and state only."""

    permission_required = "networks.view_network"
    template_name = "networks/mail_list.html"
    context_object_name = "outbox_messages"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        addresses = list(self.network.contacts.values_list("email", flat=True))
        # Messages held for review, or discarded, were never sent: only the secretary sees those.
        reviewer = self.request.user.has_perm("mail.view_outboxmessage")
        return mail_selectors.history_to(addresses=addresses, reviewer=reviewer)


class NetworkUpdateView(NetworkScopedMixin, ModelFormPageMixin, FormView):
    permission_required = "networks.change_network"
    form_class = NetworkForm
    title = _("Edit network")

    def get_instance(self):
        return self.network

    def save(self, form):
        return services.network_save(actor=self.request.user, network=form.instance)

    def get_success_url(self):
        obj = getattr(self, "object", None) or self.network
        return obj.get_absolute_url()


class ContactListView(NetworkScopedMixin, ListView):
    template_name = "networks/contact_list.html"
    context_object_name = "contacts"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.contacts_of(self.network)


class ContactFormMixin(NetworkScopedMixin, ModelFormPageMixin):
    form_class = ContactForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def save(self, form):
        return services.contact_save(actor=self.request.user, contact=form.instance)

    def get_success_url(self):
        return reverse("networks:contacts", kwargs={"slug": self.network.slug})


class ContactCreateView(ContactFormMixin, FormView):
    title = _("New contact")


class NetworkObjectMixin:
    """An object looked up inside the network of the URL, so another network's id answers 404."""

    model = None

    @cached_property
    def object(self):
        return get_object_or_404(self.model, network=self.network, pk=self.kwargs["pk"])

    def get_object(self, queryset=None):
        return self.object


class ContactUpdateView(NetworkObjectMixin, ContactFormMixin, FormView):
    model = Contact
    title = _("Edit contact")

    def get_instance(self):
        return self.object


class ContactDeleteView(NetworkObjectMixin, NetworkScopedMixin, DeleteView):
    model = Contact
    template_name = "networks/confirm_delete.html"

    def form_valid(self, form):
        services.contact_delete(actor=self.request.user, contact=self.object)
        messages.success(self.request, _("The contact was removed."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("networks:contacts", kwargs={"slug": self.network.slug})


class PartnerSchoolListView(NetworkScopedMixin, ListView):
    template_name = "networks/partnerschool_list.html"
    context_object_name = "partner_schools"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.partner_schools_of(self.network)


class PartnerSchoolFormMixin(NetworkScopedMixin, ModelFormPageMixin):
    form_class = PartnerSchoolForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "network": self.network}

    def save(self, form):
        return services.partner_school_save(actor=self.request.user, partner_school=form.instance, school=form.school)

    def get_success_url(self):
        return reverse("networks:partner_schools", kwargs={"slug": self.network.slug})


class PartnerSchoolCreateView(PartnerSchoolFormMixin, FormView):
    title = _("New partner school")


class PartnerSchoolUpdateView(NetworkObjectMixin, PartnerSchoolFormMixin, FormView):
    model = PartnerSchool
    title = _("Edit partner school")

    def get_instance(self):
        return self.object


class PartnerSchoolDeleteView(NetworkObjectMixin, NetworkScopedMixin, DeleteView):
    model = PartnerSchool
    template_name = "networks/confirm_delete.html"

    def form_valid(self, form):
        services.partner_school_delete(actor=self.request.user, partner_school=self.object)
        messages.success(self.request, _("The partner school was removed."))
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("networks:partner_schools", kwargs={"slug": self.network.slug})


class InstitutionListView(PermissionRequiredMixin, ListView):
    permission_required = "networks.manage_institutions"
    template_name = "networks/institution_list.html"
    context_object_name = "institutions"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return selectors.institutions_for_registry()


class InstitutionFormView(PermissionRequiredMixin, ModelFormPageMixin, FormView):
    permission_required = "networks.manage_institutions"
    form_class = InstitutionForm

    @property
    def title(self):
        return _("Edit institution") if "pk" in self.kwargs else _("New institution")

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_object_or_404(Institution, pk=self.kwargs["pk"])
        return None

    def save(self, form):
        return services.institution_save(
            actor=self.request.user, institution=form.instance, networks=form.cleaned_data["networks"]
        )

    def get_success_url(self):
        return reverse("networks:institutions")


class SchoolListView(PermissionRequiredMixin, ListView):
    permission_required = "networks.manage_schools"
    template_name = "networks/school_list.html"
    context_object_name = "schools"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return School.objects.order_by("name")


class SchoolFormView(PermissionRequiredMixin, ModelFormPageMixin, FormView):
    permission_required = "networks.manage_schools"
    form_class = SchoolForm

    @property
    def title(self):
        return _("Edit school") if "pk" in self.kwargs else _("New school")

    def get_instance(self):
        if "pk" in self.kwargs:
            return get_object_or_404(School, pk=self.kwargs["pk"])
        return None

    def save(self, form):
        return services.school_save(actor=self.request.user, school=form.instance)

    def get_success_url(self):
        return reverse("networks:schools")
