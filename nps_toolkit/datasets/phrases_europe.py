"""Demo comment phrases in French, Spanish, Portuguese and Italian.

Full sentences (with final punctuation), by language code, then theme key
(complaints, praise) or NPS category (generic). Every language has complaints for
all eight demo themes; French, Spanish and Portuguese praise the common themes
(the composer falls back to product quality for the others), Italian all eight.
Merged with :mod:`nps_toolkit.datasets.phrases_asia` into ``COMPLAINTS_XX``,
``PRAISE_XX`` and ``GENERIC_XX`` of :mod:`nps_toolkit.datasets.phrases`, where
the composition is described. The order of every list is part of the committed
demo data.

Each complaint names its theme with a word the ``"ecommerce"`` theme pack knows
for that language and no word of another theme.
"""

from __future__ import annotations

__all__ = ["COMPLAINTS_EUROPE", "GENERIC_EUROPE", "PRAISE_EUROPE"]

COMPLAINTS_EUROPE: dict[str, dict[str, list[str]]] = {
    "fr": {
        "delivery": [
            "La livraison a eu une semaine de retard.",
            "Mon colis n'est toujours pas arrivé, livraison beaucoup trop lente.",
            "Le livreur est passé avec cinq jours de retard.",
        ],
        "price": [
            "Les prix sont beaucoup trop chers pour ce que c'est.",
            "C'est plus cher que chez les concurrents, vraiment pas rentable.",
        ],
        "support": [
            "Le service client ne répond jamais aux mails.",
            "J'ai attendu une heure au téléphone avec le service client, sans solution.",
        ],
        "product_quality": [
            "Le produit s'est cassé au bout de deux jours, qualité médiocre.",
            "La qualité est très décevante, rien à voir avec les photos.",
        ],
        "ease_of_use": ["Le montage est compliqué et la notice est incompréhensible."],
        "website_app": ["L'application plante sans arrêt au moment de payer."],
        "billing_refunds": ["J'attends toujours mon remboursement depuis un mois."],
        "staff": ["Le personnel du point relais était désagréable et impoli."],
    },
    "es": {
        "delivery": [
            "El envío llegó con una semana de retraso.",
            "Mi paquete todavía no ha llegado, la entrega es muy lenta.",
            "El repartidor llegó cinco días tarde.",
        ],
        "price": [
            "Los precios son demasiado caros para lo que ofrecen.",
            "Es más caro que en otras tiendas, no vale la pena.",
        ],
        "support": [
            "El servicio de atención al cliente nunca contesta los correos.",
            "Estuve una hora esperando al teléfono y no me ayudaron.",
        ],
        "product_quality": [
            "El producto se rompió a los dos días, muy mala calidad.",
            "La calidad es muy mala, no se parece nada a las fotos.",
        ],
        "ease_of_use": ["Es muy difícil de montar y las instrucciones no se entienden."],
        "website_app": ["La aplicación se cierra sola cuando intento pagar."],
        "billing_refunds": ["Todavía estoy esperando el reembolso desde hace un mes."],
        "staff": ["El personal de la tienda fue muy maleducado conmigo."],
    },
    "pt": {
        "delivery": [
            "A entrega atrasou uma semana inteira.",
            "A minha encomenda ainda não chegou, a entrega é muito demorada.",
            "O estafeta chegou com cinco dias de atraso.",
        ],
        "price": [
            "Os preços são muito caros para o que oferecem.",
            "É mais caro do que nas outras lojas, não compensa.",
        ],
        "support": [
            "O atendimento ao cliente nunca responde aos emails.",
            "Fiquei uma hora à espera ao telefone e ninguém me ajudou.",
        ],
        "product_quality": [
            "O produto avariou ao fim de dois dias, qualidade péssima.",
            "A qualidade é muito fraca, nada parecido com as fotografias.",
        ],
        "ease_of_use": ["É muito difícil de montar e as instruções não se percebem."],
        "website_app": ["A aplicação bloqueia sempre na hora de pagar."],
        "billing_refunds": ["Ainda estou à espera do reembolso há um mês."],
        "staff": ["Os funcionários da loja foram muito mal-educados."],
    },
    "it": {
        "delivery": [
            "La consegna è arrivata con una settimana di ritardo.",
            "Il mio pacco non è ancora arrivato, la spedizione è lentissima.",
            "Il corriere è passato con cinque giorni di ritardo.",
            "Il tracciamento è fermo da giorni e la consegna non arriva mai.",
        ],
        "price": [
            "I prezzi sono troppo cari per quello che offrono.",
            "Costa di più che negli altri negozi, non ne vale la pena.",
            "Il prezzo è aumentato di nuovo senza nessun motivo.",
        ],
        "support": [
            "Il servizio clienti non risponde mai alle email.",
            "Ho aspettato un'ora al telefono e nessuno mi ha aiutato.",
            "L'assistenza non mi ha mai richiamato nonostante le promesse.",
        ],
        "product_quality": [
            "Il prodotto si è rotto dopo due giorni, qualità pessima.",
            "La qualità è molto scarsa, non assomiglia per niente alle foto.",
            "Il prodotto era difettoso già all'apertura della scatola.",
        ],
        "ease_of_use": [
            "È difficilissimo da montare e le istruzioni non si capiscono.",
            "Troppo complicato da configurare senza l'aiuto di qualcuno.",
        ],
        "website_app": [
            "L'applicazione si blocca sempre quando provo a pagare.",
            "Il sito è lentissimo e non riesco ad accedere al mio account.",
        ],
        "billing_refunds": [
            "Sto ancora aspettando il rimborso da un mese.",
            "Mi avete addebitato due volte lo stesso ordine.",
            "L'importo in fattura è sbagliato.",
        ],
        "staff": [
            "Il personale del negozio è stato molto scortese con me.",
            "La commessa è stata sgarbata e non mi ha nemmeno salutato.",
        ],
    },
}

PRAISE_EUROPE: dict[str, dict[str, list[str]]] = {
    "fr": {
        "delivery": ["Livraison rapide, colis reçu le lendemain."],
        "price": ["Les prix sont très intéressants."],
        "support": ["Le service client a été très efficace et sympathique."],
        "product_quality": [
            "Produit de très bonne qualité, je suis ravie.",
            "Très content de mon achat, conforme à la description.",
        ],
        "ease_of_use": ["Commande facile et site très simple à utiliser."],
        "staff": ["Le personnel est toujours aimable et souriant."],
    },
    "es": {
        "delivery": ["Entrega rápida, el paquete llegó al día siguiente."],
        "price": ["Los precios están muy bien."],
        "support": ["El servicio al cliente fue muy amable y resolvió todo."],
        "product_quality": [
            "Producto de muy buena calidad, estoy encantada.",
            "Muy contento con mi compra, tal como se describe.",
        ],
        "ease_of_use": ["Es muy fácil hacer un pedido y la página es sencilla."],
        "staff": ["El personal siempre es muy amable."],
    },
    "pt": {
        "delivery": ["Entrega rápida, a encomenda chegou no dia seguinte."],
        "price": ["Os preços são muito bons."],
        "support": ["O apoio ao cliente foi muito simpático e resolveu tudo."],
        "product_quality": [
            "Produto de muito boa qualidade, estou muito satisfeita.",
            "Fiquei muito contente com a compra, tal como descrito.",
        ],
        "ease_of_use": ["É muito fácil fazer uma encomenda e o site é simples."],
        "staff": ["Os funcionários são sempre muito simpáticos."],
    },
    "it": {
        "delivery": [
            "Consegna velocissima, il pacco è arrivato il giorno dopo.",
            "Il corriere è stato puntualissimo e gentile.",
        ],
        "price": [
            "I prezzi sono davvero convenienti.",
            "Ottimo prezzo, più basso che altrove.",
        ],
        "support": [
            "Il servizio clienti è stato gentilissimo e ha risolto tutto.",
            "L'assistenza è stata rapida e cortese.",
        ],
        "product_quality": [
            "Prodotto di ottima qualità, sono molto soddisfatta.",
            "Sono molto contento dell'acquisto, esattamente come descritto.",
        ],
        "ease_of_use": ["È facilissimo da usare, anche per chi non è pratico."],
        "website_app": ["Il sito è chiaro e ordinare dall'applicazione è un attimo."],
        "billing_refunds": ["Il rimborso è arrivato in pochi giorni, nessun problema."],
        "staff": [
            "Il personale è sempre cordiale e disponibile.",
            "I commessi sono sempre sorridenti e preparati.",
        ],
    },
}

GENERIC_EUROPE: dict[str, dict[str, list[str]]] = {
    "fr": {
        "detractor": ["Très déçu, je ne commanderai plus jamais chez vous."],
        "passive": ["Dans l'ensemble c'est correct, mais peut mieux faire."],
        "promoter": ["Je recommande vivement, merci beaucoup !"],
    },
    "es": {
        "detractor": ["Muy decepcionado, no volveré a comprar aquí."],
        "passive": ["En general está bien, pero se puede mejorar."],
        "promoter": ["Lo recomiendo totalmente, ¡muchas gracias!"],
    },
    "pt": {
        "detractor": ["Muito desiludido, nunca mais volto a comprar aqui."],
        "passive": ["No geral está bem, mas pode melhorar."],
        "promoter": ["Recomendo vivamente, muito obrigado!"],
    },
    "it": {
        "detractor": ["Molto deluso, non comprerò mai più qui."],
        "passive": ["Nel complesso va bene, ma si può migliorare."],
        "promoter": ["Lo consiglio vivamente, grazie mille!"],
    },
}
